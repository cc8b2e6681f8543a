"""Records that are written once and never changed or deleted through the application.

The audit trail, incidents and their exhibits, saved plan versions and risk assessments are
records of what was said, done or decided at a time. A correction is a new row (an amendment,
a new version, a new assessment) beside the original, never an edit of it. The rule is enforced
here, once: on the instance (save of a stored row, delete) and on the queryset (update, delete,
bulk_update), so that a bulk write cannot slip round it. Inserting (save of a new row,
create, bulk_create) is the only write allowed.

Cascades started by deleting a parent row go through Django's collector, not these methods;
the models that must survive their parent protect the foreign key (on_delete=PROTECT).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class AppendOnlyError(RuntimeError):
    """A stored append-only record was about to be changed or deleted."""


def _name(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name)


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """A queryset whose update, delete and bulk_update are refused."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{_name(self.model)} records cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{_name(self.model)} records cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{_name(self.model)} records cannot be changed")


class AppendOnlyModel(models.Model):
    """A row that can be inserted once and never changed or deleted.

    `correction_hint` says, in the error, how the record is corrected instead.
    """

    correction_hint: ClassVar[str] = ""

    objects: ClassVar[AppendOnlyQuerySet] = AppendOnlyQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            hint = f": {self.correction_hint}" if self.correction_hint else ""
            raise AppendOnlyError(f"a stored {_name(type(self))} cannot be changed{hint}")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"a stored {_name(type(self))} cannot be deleted")


def rewrite_history(queryset: models.QuerySet[Any], **values: Any) -> int:
    """Update rows of an append-only model despite the rule, and return how many changed.

    Only for synthetic demo data (back-dating a made-up history) and for tests that play
    someone with direct database access. No service may call it; a test checks that.
    """
    return models.QuerySet.update(queryset, **values)
