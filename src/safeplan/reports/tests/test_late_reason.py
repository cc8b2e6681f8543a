"""Why a deadline was missed: recorded by the case's team for a missed obligation only, audited, and
never over a change the person saving did not see.

The shared bad-input matrix (safeplan/tests/test_bad_input.py) opens its forms on the world's
notify obligation, which is not yet due, so this page is not among them: its bad input is
checked here, with the same snapshot of every table.
"""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.reports.models import LateReason
from safeplan.testing.access import snapshot
from safeplan.testing.forms import hidden_values
from safeplan.testing.signin import sign_in_verified
from safeplan.timeline.models import CaseEvent, Obligation


def _client(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def _obligation(world: World, *, due_in_hours: int) -> Obligation:
    event = CaseEvent.objects.create(
        case=world.case,
        type="arrest",
        rules_version=1,
        occurred_at=timezone.now() - timedelta(days=3),
        recorded_by=world.alice,
    )
    return Obligation.objects.create(
        case=world.case,
        event=event,
        kind="notify",
        owner_role="spoc",
        owner=world.bob,
        working_days=1,
        due_at=timezone.now() + timedelta(hours=due_in_hours),
    )


def test_it_records_why_an_overdue_obligation_is_late_and_lists_it(world: World) -> None:
    overdue = _obligation(world, due_in_hours=-5)
    client = _client(world.sue)
    path = f"/cases/{world.case.pk}/obligations/{overdue.pk}/late-reason/"
    form = hidden_values(client.get(path).content.decode())
    for bad in ({}, {"reason": "weather"}, {"reason": "other", "note": "  "}, {"reason": "capacity", "version": "x"}):
        before = snapshot()
        response = client.post(path, {**form, **bad})
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
        assert snapshot() == before, bad
    response = client.post(path, {**form, "reason": "information_late", "note": ""})
    assert response.status_code == 302
    assert LateReason.objects.get(obligation=overdue).reason == "information_late"
    event = AuditEvent.objects.get(verb=Verb.LATE_REASON_RECORDED)
    assert (event.actor, event.case_id, event.detail["reason"]) == (world.sue, world.case.pk, "information_late")
    listing = client.get("/reports/team/list/obligations/?missed=information_late").content.decode()
    assert world.case.reference in listing
    assert "The information reached us too late" in listing


def test_an_obligation_not_yet_due_has_no_late_reason_page(world: World) -> None:
    upcoming = _obligation(world, due_in_hours=48)
    path = f"/cases/{world.case.pk}/obligations/{upcoming.pk}/late-reason/"
    assert _client(world.sue).get(path).status_code == 404
    assert _client(world.sue).post(path, {"reason": "capacity", "version": "0"}).status_code == 404
    assert not LateReason.objects.exists()


def test_a_second_save_over_an_unseen_reason_is_refused(world: World) -> None:
    overdue = _obligation(world, due_in_hours=-5)
    path = f"/cases/{world.case.pk}/obligations/{overdue.pk}/late-reason/"
    sue, bob = _client(world.sue), _client(world.bob)
    sue_form = hidden_values(sue.get(path).content.decode())
    bob_form = hidden_values(bob.get(path).content.decode())
    assert sue.post(path, {**sue_form, "reason": "capacity"}).status_code == 302
    refused = bob.post(path, {**bob_form, "reason": "mistake"})
    assert refused.status_code == 200
    assert "Someone else saved this after you opened it" in refused.content.decode()
    assert LateReason.objects.get().reason == "capacity"
