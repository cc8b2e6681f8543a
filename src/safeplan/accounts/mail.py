"""Mail to professionals: the one recipient rule and the one failure policy.

Who: only an active professional in a casework role who has an address. The victim has no
account and no address here (their safe email lives in the case's safe contact arrangement,
which no mail code reads), so case mail can never reach them or anyone reading their inbox.
What: a case reference, what is due and when, who did what; never anything about the victim.
Senders write the words; this module decides who gets them and what happens when they cannot.

When: after the sender's transaction commits, never before and never if it rolls back.

Failure: mail that cannot be delivered is never silently lost. A recipient who may not get
mail (no address, deactivated, a role without casework) is recorded at once, in the sender's
transaction; a message the mail server refuses is recorded after the commit, in its own
transaction. Either way an UndeliveredMail row, with its audit entry, shows on the team
overdue page of the supervisors answerable for it until one of them deals with it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from safeplan.accounts.models import CASEWORK_ROLES, UndeliveredMail, User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb

logger = logging.getLogger(__name__)

SYSTEM = "system"
Kind = UndeliveredMail.Kind
Reason = UndeliveredMail.Reason


def undeliverable_reason(user: User, kind: Kind | None = None) -> Reason | None:
    """Return why the user may not get this kind of mail (case mail by default), or None if they may.

    Mail about the recipient's own account (Kind.ACCOUNT) goes to any active user with an address.
    """
    if not user.is_active:
        return Reason.INACTIVE
    if kind != Kind.ACCOUNT and user.role not in CASEWORK_ROLES:
        return Reason.NOT_CASEWORK
    if not user.email:
        return Reason.NO_ADDRESS
    return None


# Words of a message: a text, or a function that writes it in the language active when it is called.
Words = str | Callable[[], str]


def language_of(user: User) -> str:
    """Return the language mail to the professional is written in: their recorded choice, else the default."""
    offered = [code for code, _name in settings.LANGUAGES]
    return user.language if user.language in offered else settings.LANGUAGE_CODE


def _written(words: Words) -> str:
    return words() if callable(words) else str(words)


def mail_staff(
    *,
    to: Iterable[User],
    kind: Kind,
    subject: Words,
    lines: Sequence[Words],
    footer: Words,
    team_id: int | None,
    case_id: int | None = None,
    secret: bool = False,
) -> None:
    """Send one message to each professional in ``to`` once the transaction commits.

    Each message is written in its recipient's language (pass functions that write the words,
    so each recipient gets them in theirs). team_id names the team whose supervisors see the mail
    if it cannot be delivered; case_id, when the mail is about one case, files the failure's audit
    entry with the case.
    """
    outgoing: list[tuple[User, EmailMessage]] = []
    kept_bodies: dict[int, str] = {}
    for user in sorted(set(to), key=lambda u: u.pk):
        with translation.override(language_of(user)):
            written_subject = _written(subject)
            body = "\n".join([*(_written(line) for line in lines), "", _written(footer)])
            # A message that carries a secret (a one-time code) is never kept when it cannot be delivered:
            # the supervisors who see undelivered mail must not be able to read the code.
            kept = _("(Not kept: this message held a one-time code for the recipient alone.)") if secret else body
        kept_bodies[user.pk] = str(kept)
        reason = undeliverable_reason(user, kind)
        if reason is None:
            outgoing.append((user, EmailMessage(subject=written_subject, body=body, to=[user.email])))
        else:
            _record_failure(user, kind, reason, written_subject, kept_bodies[user.pk], team_id, case_id)
    if not outgoing:
        return

    def send() -> None:
        connection = get_connection()
        for user, message in outgoing:
            try:
                connection.send_messages([message])
            except Exception as error:  # any failure of the mail server is recorded, whatever its type
                # No address or content in the log: the failure row says who and what.
                logger.warning("mail to user %s not delivered: %s", user.pk, type(error).__name__)
                with transaction.atomic():
                    _record_failure(
                        user, kind, Reason.SEND_FAILED, str(message.subject), kept_bodies[user.pk], team_id, case_id
                    )

    transaction.on_commit(send)


def _record_failure(
    user: User, kind: Kind, reason: Reason, subject: str, body: str, team_id: int | None, case_id: int | None
) -> None:
    failure = UndeliveredMail.objects.create(
        kind=kind,
        recipient=user,
        team_id=team_id if team_id is not None else user.team_id,
        reason=reason,
        subject=subject[:200],
        body=body,
    )
    record(
        actor=None,
        actor_label=SYSTEM,
        verb=Verb.MAIL_UNDELIVERED,
        target=failure,
        case_id=case_id,
        detail={"kind": str(kind), "to": user.pk, "reason": str(reason)},
    )
