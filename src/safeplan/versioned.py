"""Optimistic versions: a save over a change the editor never saw is refused, never silently kept.

Every edit form carries the version of the record it was loaded from, and the service claims
that version in its transaction with one conditional UPDATE (`version = version + 1 WHERE
version = expected`). Of two people saving at once exactly one claims it; the other gets
`StaleVersion`, carrying the record as it now is, so the page can show what the other person
changed and keep what this one typed.

django-concurrency does the same inside `Model.save()`. We do not use it: the check belongs in
the services, where the house rules keep every write rule and its audit entry, and taking the
expected version as a service argument makes every caller (pages, API, commands) say which
version it saw, instead of a save() that quietly skips the check when no version is given.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

# The version a form carries when the record did not exist yet when it was loaded.
NEW = 0


class StaleVersion(ValidationError):
    """The record changed (or went) after the editor loaded it; `current` is it now, or None."""

    def __init__(self, current: models.Model | None) -> None:
        super().__init__(
            _(
                "Someone else saved this after you opened it, so your changes were not saved. "
                "Check what they changed below, then save again to keep your version."
            ),
            code="stale",
        )
        self.current = current


class Versioned(models.Model):
    """A record edited through forms: `version` counts its saves."""

    # db_default too, so rows written by older code (or a migration's historical models) get one.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        abstract = True


def claim_version(instance: Versioned, expected: int) -> None:
    """Move the stored record from the expected version to the next, or raise StaleVersion.

    Call it inside the service's transaction before writing: the UPDATE locks the row until
    the transaction ends, so a concurrent save waits and then finds the version moved on.
    """
    model: Any = type(instance)
    claimed = model._default_manager.filter(pk=instance.pk, version=expected).update(version=F("version") + 1)
    if claimed != 1:
        raise StaleVersion(model._default_manager.filter(pk=instance.pk).first())
    instance.version = expected + 1
