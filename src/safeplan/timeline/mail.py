"""Mail to staff about obligations: the case reference, what is due and when, nothing about the victim.

Mail goes only to active professionals in casework roles. The victim has no account and no
address here (their safe email lives in the safe contact arrangement, which this module never
reads), so a reminder can never reach them, or anyone reading their inbox.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.cases.permissions import CASEWORK_ROLES
from safeplan.timeline.models import Obligation

logger = logging.getLogger(__name__)


def staff_address(user: User) -> str | None:
    """Return the user's address if they are an active professional who may get case mail."""
    if user.is_active and user.role in CASEWORK_ROLES and user.email:
        return user.email
    return None


def due_text(due_at: datetime) -> str:
    local = timezone.localtime(due_at)
    return _("%(time)s on %(weekday)s %(day)d %(month)s %(year)d") % {
        "time": local.strftime("%H:%M"),
        "weekday": local.strftime("%A"),
        "day": local.day,
        "month": local.strftime("%B"),
        "year": local.year,
    }


def line(obligation: Obligation, reference: str) -> str:
    return _("%(reference)s: %(kind)s, due by %(due)s") % {
        "reference": reference,
        "kind": obligation.get_kind_display(),
        "due": due_text(obligation.due_at),
    }


def send_on_commit(messages: Sequence[EmailMessage]) -> None:
    """Send the messages once the surrounding transaction commits; never before, never if it rolls back."""
    if not messages:
        return

    def send() -> None:
        try:
            get_connection().send_messages(list(messages))
        except Exception:  # pragma: no cover - depends on the mail server
            # No addresses or content in the log: only that mail failed.
            logger.exception("could not send %d obligation mail(s)", len(messages))

    transaction.on_commit(send)


def message(to: str, subject: str, lines: Iterable[str], footer: str) -> EmailMessage:
    body = "\n".join([*lines, "", footer])
    return EmailMessage(subject=subject, body=body, to=[to])


def new_obligations(case: Case, obligations: Iterable[Obligation]) -> None:
    """Tell each owner, once the event is saved, what they must now do on the case."""
    by_owner: dict[User, list[Obligation]] = defaultdict(list)
    for obligation in obligations:
        by_owner[obligation.owner].append(obligation)
    messages = []
    for owner, owned in by_owner.items():
        address = staff_address(owner)
        if address is None:
            continue
        messages.append(
            message(
                address,
                _("New work on case %(reference)s") % {"reference": case.reference},
                [line(o, case.reference) for o in owned],
                _("Sign in to see the case and your obligations."),
            )
        )
    send_on_commit(messages)
