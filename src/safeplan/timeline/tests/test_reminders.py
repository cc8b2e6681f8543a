"""Reminders before an obligation is due, escalation when it is overdue: to staff only, never twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from safeplan.accounts.models import Role
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case, Person, SafeContact
from safeplan.domain.workdays import end_of_day, london_day
from safeplan.personas import World, make_user
from safeplan.testing.timeline import BAIL_CONDITIONS, record
from safeplan.timeline.models import Obligation
from safeplan.timeline.reminders import remind_and_escalate
from safeplan.timeline.tasks import remind_and_escalate_obligations

Capture = Callable[..., Any]


def arrest_notify(world: World, due_at: Any) -> Obligation:
    obligation = record(world.alice, world.case, "arrest").obligations.get()
    Obligation.objects.filter(pk=obligation.pk).update(due_at=due_at)
    obligation.refresh_from_db()
    return obligation


def run_twice(capture: Capture) -> None:
    mail.outbox.clear()
    for _ in range(2):
        with capture(execute=True):
            remind_and_escalate_obligations.call()


def recipients() -> list[list[str]]:
    return sorted(m.to for m in mail.outbox)


def test_the_owner_is_reminded_once_on_the_day_it_is_due(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    obligation = arrest_notify(world, end_of_day(london_day(timezone.now())))
    run_twice(django_capture_on_commit_callbacks)
    assert recipients() == [["bob@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "Reminder: due today"
    assert world.case.reference in message.body
    assert "Tell the victim" in message.body
    obligation.refresh_from_db()
    assert obligation.reminded_at is not None
    assert obligation.escalated_at is None
    audit = AuditEvent.objects.get(verb=Verb.OBLIGATION_REMINDED)
    assert (audit.actor, audit.actor_label, audit.detail) == (None, "system", {"kind": "notify", "to": [world.bob.pk]})


def test_an_overdue_obligation_is_escalated_once_to_the_owners_team_supervisors(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    second = make_user("steph", Role.SUPERVISOR, world.north)
    arrest_notify(world, timezone.now() - timedelta(hours=1))
    run_twice(django_capture_on_commit_callbacks)
    assert recipients() == [["steph@example.org"], ["sue@example.org"]]
    assert all(m.subject == "Overdue in your team" for m in mail.outbox)
    assert "owner: Bob" in mail.outbox[0].body
    audit = AuditEvent.objects.get(verb=Verb.OBLIGATION_ESCALATED)
    assert sorted(audit.detail["to"]) == sorted([world.sue.pk, second.pk])
    assert not AuditEvent.objects.filter(verb=Verb.OBLIGATION_REMINDED).exists()


def test_the_owners_own_team_is_asked_first(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    obligation = arrest_notify(world, timezone.now() - timedelta(hours=1))
    Obligation.objects.filter(pk=obligation.pk).update(owner=world.charlie)
    run_twice(django_capture_on_commit_callbacks)
    assert recipients() == [["sophie@example.org"]]


def test_upcoming_done_and_closed_case_obligations_send_nothing(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    arrest_notify(world, timezone.now() + timedelta(days=3))
    done = arrest_notify(world, timezone.now() - timedelta(hours=1))
    Obligation.objects.filter(pk=done.pk).update(done_at=timezone.now(), done_by=world.bob)
    run_twice(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    arrest_notify(world, timezone.now() - timedelta(hours=1))
    Case.objects.filter(pk=world.case.pk).update(status="closed", closed_at=timezone.now())
    run_twice(django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_mail_goes_to_staff_only_and_says_nothing_about_the_victim(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    # The victim has no address anywhere but the safe contact arrangement, which mail never reads.
    assert "email" not in {field.name for field in Person._meta.get_fields()}
    SafeContact.objects.filter(case=world.case).update(email="vicky.safe@example.net")
    event = record(world.alice, world.case, "bail_with_conditions", conditions_plain=BAIL_CONDITIONS)
    today = end_of_day(london_day(timezone.now()))
    event.obligations.filter(kind="notify").update(due_at=timezone.now() - timedelta(minutes=5))
    event.obligations.exclude(kind="notify").update(due_at=today)
    run_twice(django_capture_on_commit_callbacks)
    assert recipients() == [["alice@example.org"], ["sue@example.org"]]
    everything = " ".join(m.subject + m.body + " ".join(m.to + m.cc + m.bcc) for m in mail.outbox)
    for secret in ("vicky", "Vicky", "Sam Suspect", "Rose Street", "07700", "Hidden Lane"):
        assert secret not in everything
    assert "Reassess the risk" in everything
    assert "Review the safety plan" in everything


def test_a_reminder_is_queued_with_its_stamp_and_sent_only_on_commit(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    arrest_notify(world, end_of_day(london_day(timezone.now())))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        remind_and_escalate()
    assert mail.outbox == []
    assert Obligation.objects.get().reminded_at is not None
    assert len(callbacks) == 1


def test_without_a_supervisor_the_escalation_waits_for_one(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    world.sue.is_active = False
    world.sue.save()
    obligation = arrest_notify(world, timezone.now() - timedelta(hours=1))
    run_twice(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    obligation.refresh_from_db()
    assert obligation.escalated_at is None
    world.sue.is_active = True
    world.sue.save()
    run_twice(django_capture_on_commit_callbacks)
    assert recipients() == [["sue@example.org"]]


def test_an_obligation_created_overdue_is_escalated_not_reminded(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    record(world.alice, world.case, "arrest", ago=timedelta(days=10))
    run_twice(django_capture_on_commit_callbacks)
    assert recipients() == [["sue@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_queued_task_and_a_second_run_sends_nothing(world: World) -> None:
    arrest_notify(world, end_of_day(london_day(timezone.now())))
    mail.outbox.clear()
    for _ in range(2):
        remind_and_escalate_obligations.enqueue()
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert recipients() == [["bob@example.org"]]
