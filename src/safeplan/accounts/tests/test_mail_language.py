"""Mail to a professional is written in the language they chose, each recipient in their own."""

from __future__ import annotations

from datetime import datetime

from django.core import mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safeplan.accounts.mail import Kind, mail_staff
from safeplan.accounts.models import Language, User
from safeplan.personas import World
from safeplan.timeline.mail import due_text


def test_each_recipient_gets_the_mail_in_their_own_language(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    User.objects.filter(pk=world.alice.pk).update(language=Language.WELSH, email="alice@example.org")
    User.objects.filter(pk=world.bob.pk).update(language=Language.ENGLISH, email="bob@example.org")
    alice, bob = User.objects.get(pk=world.alice.pk), User.objects.get(pk=world.bob.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():  # type: ignore[operator]
        mail_staff(
            to=[alice, bob],
            kind=Kind.REMINDER,
            subject=lambda: _("Reminder: due today"),
            lines=[lambda: _("Sign in to see your obligations.")],
            footer=lambda: _("Sign in to see it."),
            team_id=world.north.pk,
        )
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["alice@example.org"].subject == "Nodyn atgoffa: yn ddyledus heddiw"
    assert "Mewngofnodwch i weld eich rhwymedigaethau." in by_address["alice@example.org"].body
    assert by_address["bob@example.org"].subject == "Reminder: due today"
    assert "Sign in to see your obligations." in by_address["bob@example.org"].body


def test_a_professional_who_chose_nothing_gets_the_service_language(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    User.objects.filter(pk=world.alice.pk).update(language="", email="alice@example.org")
    alice = User.objects.get(pk=world.alice.pk)
    capture = django_capture_on_commit_callbacks(execute=True)  # type: ignore[operator]
    with translation.override("cy"), capture, transaction.atomic():
        mail_staff(
            to=[alice],
            kind=Kind.REMINDER,
            subject=lambda: _("Reminder: due today"),
            lines=[],
            footer=lambda: _("Sign in to see it."),
            team_id=world.north.pk,
        )
    assert mail.outbox[-1].subject == "Reminder: due today"


def test_a_deadline_is_written_with_welsh_day_and_month_names() -> None:
    due = timezone.make_aware(datetime(2026, 3, 27, 17, 0))
    with translation.override("cy"):
        welsh = due_text(due)
    with translation.override("en-gb"):
        english = due_text(due)
    assert "Mawrth" in welsh
    assert "Gwener" in welsh
    assert english == "17:00 on Friday 27 March 2026"
