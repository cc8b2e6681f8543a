"""Creates that a double click cannot repeat.

Every create form carries a submission token, made when the page is shown. The service stores
it with what it creates, in a unique column, so a second post of the same form (a double click,
a resend after a timeout, Back and submit) finds the first result instead of making another:
before creating it looks the token up, and if two posts race past that look-up, the unique
constraint refuses the second insert, its transaction rolls back (files included) and it too
answers with the first result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)


class Submitted(models.Model):
    """A record created through a form: `submission` is the form's token, None when made otherwise."""

    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        abstract = True


def create_once(model: type[M], submission: UUID | None, scope: dict[str, Any], create: Callable[[], M]) -> M:
    """Return what this submission created before (among rows matching scope), or create() it now.

    create() must run in its own transaction (the service's `transaction.atomic()`) and store
    `submission` on the row, so that a racing duplicate rolls back whole.
    """
    if submission is None:
        return create()
    manager: Any = model._default_manager
    earlier = manager.filter(submission=submission, **scope).first()
    if earlier is not None:
        return earlier
    try:
        return create()
    except IntegrityError:
        earlier = manager.filter(submission=submission, **scope).first()
        if earlier is not None:
            return earlier
        if manager.filter(submission=submission).exists():
            # Someone else's token: say nothing about what it made.
            raise ValidationError(_("This form has already been sent. Open the page again.")) from None
        raise
