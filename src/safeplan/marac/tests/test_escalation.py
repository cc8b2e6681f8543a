"""Overdue MARAC work escalates once: actions to their agency's point of contact, minutes to the coordinators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.marac.models import MaracAction, MaracMeeting
from safeplan.marac.services.escalation import overdue_actions_escalate, overdue_minutes_escalate
from safeplan.personas import World
from safeplan.testing.lists import assert_bounded
from safeplan.testing.marac import world_action, world_item
from safeplan.testing.signin import sign_in_verified


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def health_action_overdue(world: World) -> MaracAction:
    action = world_action(world)
    MaracAction.objects.filter(pk=action.pk).update(
        agency=world.health, due_on=timezone.localdate() - timedelta(days=2)
    )
    return MaracAction.objects.get(pk=action.pk)


def test_an_overdue_action_escalates_once_to_its_agency_and_the_coordinators(
    world: World, django_capture_on_commit_callbacks: pytest.FixtureRequest
) -> None:
    action = health_action_overdue(world)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert overdue_actions_escalate() == 1
        assert overdue_actions_escalate() == 0
    action.refresh_from_db()
    assert action.escalated_at is not None
    event = AuditEvent.objects.get(verb=Verb.MARAC_ACTION_ESCALATED)
    assert event.detail["point_of_contact"] == world.pat.pk
    assert event.case_id == world.case.pk
    # The coordinator is mailed; Pat (a partner's representative, who gets no case mail) sees it on the page.
    assert [m.to for m in mail.outbox] == [[world.mark.email]]
    assert world.case.reference in mail.outbox[0].body
    page = signed_in(world.pat).get("/marac/actions/overdue/").content.decode()
    assert world.case.reference in page
    assert "Synthetic: a marker on the address" in page
    assert world.case.reference in signed_in(world.mark).get("/marac/actions/overdue/").content.decode()


def test_an_action_due_today_or_closed_is_not_escalated(world: World) -> None:
    action = world_action(world)
    MaracAction.objects.filter(pk=action.pk).update(due_on=timezone.localdate())
    assert overdue_actions_escalate() == 0
    MaracAction.objects.filter(pk=action.pk).update(
        due_on=timezone.localdate() - timedelta(days=3), state="done", closed_at=timezone.now()
    )
    assert overdue_actions_escalate() == 0


def test_other_agencies_do_not_see_the_overdue_action(world: World) -> None:
    health_action_overdue(world)
    assert world.case.reference not in signed_in(world.hana).get("/marac/actions/overdue/").content.decode()
    assert signed_in(world.alice).get("/marac/actions/overdue/").status_code == 404
    assert world.case.reference not in signed_in(world.south_marac).get("/marac/actions/overdue/").content.decode()


def test_overdue_minutes_escalate_once_to_the_coordinators(world: World) -> None:
    item = world_item(world)
    now = timezone.now()
    MaracMeeting.objects.filter(pk=item.meeting_id).update(
        meets_at=now - timedelta(days=10), held_at=now - timedelta(days=10), minutes_due_at=now - timedelta(days=1)
    )
    assert overdue_minutes_escalate() == 1
    assert overdue_minutes_escalate() == 0
    assert AuditEvent.objects.get(verb=Verb.MARAC_MINUTES_ESCALATED).detail["to"] == [world.mark.pk]
    page = signed_in(world.mark).get(f"/marac/meetings/{item.meeting_id}/").content.decode()
    assert "Overdue" in page


def test_the_overdue_list_stays_the_same_size(world: World, settings: object) -> None:
    settings.LIST_PAGE_SIZE = 3  # type: ignore[attr-defined]
    action = health_action_overdue(world)

    def add(n: int) -> None:
        for _ in range(n):
            copy = MaracAction.objects.get(pk=action.pk)
            copy.pk = None
            copy.save()

    assert_bounded(signed_in(world.pat), "/marac/actions/overdue/", add, page=3)
