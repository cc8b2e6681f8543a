"""Mail that cannot be delivered is never lost: it waits on the team overdue page until a supervisor deals with it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeplan.accounts.models import UndeliveredMail, User
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases import services as case_services
from safeplan.domain.workdays import end_of_day, london_day
from safeplan.personas import World
from safeplan.testing.mail import REFUSING_BACKEND, undelivered_mail_id
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.timeline import BAIL_CONDITIONS, record
from safeplan.timeline.models import Obligation
from safeplan.timeline.tasks import remind_and_escalate_obligations

Capture = Callable[..., Any]
TEAM_PAGE = "/cases/obligations/team-overdue/"


def signed_in(user: User) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def due(world: World, due_at: Any, type_id: str = "arrest", **fields: Any) -> Obligation:
    obligation = record(world.alice, world.case, type_id, **fields).obligations.filter(kind="notify").get()
    Obligation.objects.filter(pk=obligation.pk).update(due_at=due_at)
    return obligation


def tick(capture: Capture) -> None:
    mail.outbox.clear()
    with capture(execute=True):
        remind_and_escalate_obligations.call()


def test_an_escalation_to_a_supervisor_without_an_address_waits_on_their_team_page(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    User.objects.filter(pk=world.sue.pk).update(email="")
    due(world, timezone.now() - timedelta(hours=1), "bail_with_conditions", conditions_plain=BAIL_CONDITIONS)
    tick(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    failure = UndeliveredMail.objects.get()
    assert (failure.kind, failure.reason, failure.recipient, failure.team) == (
        "escalation",
        "no_address",
        world.sue,
        world.north,
    )
    assert world.case.reference in failure.body
    assert "owner: Bob" in failure.body
    for secret in ("Vicky", "Sam Suspect", "Rose Street", "07700", "Hidden Lane"):
        assert secret not in failure.subject + failure.body
    audit = AuditEvent.objects.get(verb=Verb.MAIL_UNDELIVERED)
    assert (audit.actor, audit.actor_label, audit.detail) == (
        None,
        "system",
        {"kind": "escalation", "to": world.sue.pk, "reason": "no_address"},
    )
    client = signed_in(world.sue)
    page = client.get(TEAM_PAGE).content.decode()
    assert "Email that could not be delivered (1)" in page
    assert "Overdue escalation: Overdue in your team" in page
    assert "They have no email address" in page
    assert "1 email to your team could not be delivered" in client.get("/cases/obligations/").content.decode()


def test_a_reminder_the_mail_server_refuses_is_recorded_after_the_commit(
    world: World, django_capture_on_commit_callbacks: Capture, settings: Any
) -> None:
    settings.EMAIL_BACKEND = REFUSING_BACKEND
    due(world, end_of_day(london_day(timezone.now())))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        remind_and_escalate_obligations.call()
    # Nothing has failed until the mail is really sent, after the commit.
    assert not UndeliveredMail.objects.exists()
    for callback in callbacks:
        callback()
    failure = UndeliveredMail.objects.get()
    assert (failure.kind, failure.reason, failure.recipient, failure.team) == (
        "reminder",
        "send_failed",
        world.bob,
        world.north,
    )
    assert AuditEvent.objects.get(verb=Verb.MAIL_UNDELIVERED).detail["reason"] == "send_failed"
    # The obligation itself was reminded (once); the failure is what the supervisor sees.
    assert Obligation.objects.get(kind="notify").reminded_at is not None
    page = signed_in(world.sue).get(TEAM_PAGE).content.decode()
    assert "Reminder: Reminder: due today" in page
    assert "The mail server refused it" in page
    assert "Bob" in page


def test_a_break_glass_alert_to_a_deactivated_owner_is_kept_for_the_supervisor(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    User.objects.filter(pk=world.bob.pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        case_services.break_glass_open(
            actor=world.south_supervisor,
            reference=world.case.reference,
            reason="Urgent: victim reported missing tonight",
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "sue@example.org"]
    failure = UndeliveredMail.objects.get()
    assert (failure.kind, failure.reason, failure.recipient, failure.team) == (
        "break_glass",
        "inactive",
        world.bob,
        world.north,
    )
    assert AuditEvent.objects.get(verb=Verb.MAIL_UNDELIVERED).case_id == world.case.pk


def test_a_supervisor_of_the_team_marks_it_dealt_with_once(world: World) -> None:
    mail_id = undelivered_mail_id(world)
    path = f"/cases/obligations/undelivered/{mail_id}/dealt-with/"
    assert signed_in(world.alice).post(path).status_code == 404
    assert signed_in(world.south_supervisor).post(path).status_code == 404
    client = signed_in(world.sue)
    assert client.get(path).status_code == 405
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == TEAM_PAGE + "#undelivered"
    failure = UndeliveredMail.objects.get(pk=mail_id)
    assert failure.resolved_by == world.sue
    assert failure.resolved_at is not None
    audit = AuditEvent.objects.get(verb=Verb.MAIL_UNDELIVERED_RESOLVED)
    assert audit.actor == world.sue
    assert audit.detail == {"kind": "reminder", "to": world.adam.pk, "reason": "not_casework"}
    assert "No undelivered email is waiting." in client.get(TEAM_PAGE).content.decode()
    assert client.post(path).status_code == 404
    assert AuditEvent.objects.filter(verb=Verb.MAIL_UNDELIVERED_RESOLVED).count() == 1


def test_the_team_page_queries_do_not_grow_with_the_undelivered_mail(world: World) -> None:
    client = signed_in(world.sue)

    def fail(count: int) -> int:
        for _ in range(count):
            UndeliveredMail.objects.filter(pk=undelivered_mail_id(world)).update(resolved_at=None)
            world.__dict__.pop("_undelivered_mail")
        client.get(TEAM_PAGE)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(TEAM_PAGE).status_code == 200
        return len(captured)

    small = fail(2)
    large = fail(20)
    assert UndeliveredMail.objects.filter(resolved_at__isnull=True).count() == 22
    assert large == small, f"{small} queries with 2 undelivered mails, {large} with 22"
