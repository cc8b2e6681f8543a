"""Mail for tests: a mail server that refuses everything, and a failed mail made through the real sender."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from safeplan.accounts.mail import Kind, mail_staff
from safeplan.accounts.models import UndeliveredMail

if TYPE_CHECKING:
    from safeplan.personas import World

REFUSING_BACKEND = "safeplan.testing.mail.RefusingBackend"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: every send raises, as Django's SMTP backend does."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def undelivered_mail_id(world: World) -> int:
    """Return the id of a mail for Team North's supervisors that could not be delivered (made once per world)."""
    cache: dict[str, int] = world.__dict__.setdefault("_undelivered_mail", {})
    if not cache:
        with transaction.atomic():
            # The agency admin may not get case mail, so it fails at once.
            mail_staff(
                to=[world.adam],
                kind=Kind.REMINDER,
                subject="Reminder: due today",
                lines=[f"{world.case.reference}: Tell the victim"],
                footer="Sign in to see your obligations.",
                team_id=world.north.pk,
            )
        cache["id"] = UndeliveredMail.objects.latest("pk").pk
    return cache["id"]
