"""MARAC referrals and actions, and Clare's Law requests, through the API: the pages' gates and services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safeplan.api.models import Scope
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.disclosure.models import DisclosureRequest
from safeplan.marac.models import MaracAction
from safeplan.personas import World
from safeplan.testing.api import make_key
from safeplan.testing.disclosure import world_request
from safeplan.testing.marac import world_action, world_referral
from safeplan.testing.signin import sign_in_verified

pytestmark = pytest.mark.django_db


def call(key: str, path: str, body: Any = None) -> Any:
    client = Client()
    if body is None:
        return client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}")
    return client.post(path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_cases_referrals_are_read_through_the_case_gate_without_the_prefilled_safe_contact(world: World) -> None:
    referral = world_referral(world)
    credential, key = make_key(world, scopes=[Scope.MARAC])
    listed = call(key, f"/api/v1/cases/{world.case.pk}/marac-referrals")
    assert listed.status_code == 200
    assert [r["id"] for r in listed.json()] == [referral.pk]
    one = call(key, f"/api/v1/cases/{world.case.pk}/marac-referrals/{referral.pk}")
    assert one.status_code == 200
    assert one.json()["status"] == "submitted"
    assert "07700 900001" not in one.content.decode()
    assert "safe_contact" not in one.json()
    assert AuditEvent.objects.filter(verb=Verb.MARAC_REFERRAL_VIEWED, actor=credential.account).exists()
    _, south = make_key(world, scopes=[Scope.MARAC], team="south", name="South RMS")
    outside = call(south, f"/api/v1/cases/{world.case.pk}/marac-referrals/{referral.pk}")
    assert outside.status_code == 404
    assert outside.content == call(south, "/api/v1/cases/987654/marac-referrals/1").content


def test_the_coordinator_closes_an_action_once_and_nobody_else_reaches_it(world: World) -> None:
    action = world_action(world)
    path = f"/api/v1/marac-actions/{action.pk}"
    coordinator = Client()
    sign_in_verified(coordinator, world.mark)
    assert coordinator.get(path).status_code == 200
    refused = coordinator.post(f"{path}/close", {"state": "not_done"}, content_type="application/json")
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["reason"]
    done = coordinator.post(f"{path}/close", {"state": "done"}, content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "done"
    again = coordinator.post(f"{path}/close", {"state": "done"}, content_type="application/json")
    assert again.status_code == 422
    assert AuditEvent.objects.filter(verb=Verb.MARAC_ACTION_CLOSED, case_id=world.case.pk).count() == 1

    _, key = make_key(world, scopes=[Scope.MARAC])
    officer = Client()
    sign_in_verified(officer, world.alice)
    for response, made_up in (
        (call(key, path), call(key, "/api/v1/marac-actions/987654")),
        (officer.get(path), officer.get("/api/v1/marac-actions/987654")),
        (
            officer.post(f"{path}/close", {"state": 7}, content_type="application/json"),
            officer.post("/api/v1/marac-actions/987654/close", {"state": 7}, content_type="application/json"),
        ),
    ):
        assert response.status_code == made_up.status_code == 404
        assert response.content == made_up.content
    assert MaracAction.objects.get(pk=action.pk).closed_by == world.mark


def test_a_clares_law_request_is_read_without_the_applicants_safe_contact_and_audited(world: World) -> None:
    found = world_request(world)
    credential, key = make_key(world, scopes=[Scope.DISCLOSURE])
    listed = call(key, "/api/v1/disclosure-requests")
    assert [r["id"] for r in listed.json()] == [found.pk]
    one = call(key, f"/api/v1/disclosure-requests/{found.pk}")
    assert one.status_code == 200
    assert one.json()["stage"] == "initial_contact"
    text = one.content.decode()
    for secret in ("07700 900123", "dentist", "voicemail", "Anna Applicant", "checks her phone"):
        assert secret not in text
    assert AuditEvent.objects.filter(verb=Verb.DISCLOSURE_VIEWED, actor=credential.account).exists()


def test_stages_are_recorded_by_the_services_rules(world: World) -> None:
    found = world_request(world)
    _, key = make_key(world, scopes=[Scope.DISCLOSURE])
    path = f"/api/v1/disclosure-requests/{found.pk}"
    future = (timezone.now() + timedelta(days=1)).isoformat()
    early = call(key, f"{path}/initial-contact", {"contacted_at": future, "immediate_risk": True})
    assert early.status_code == 422
    assert {e["field"] for e in early.json()["errors"]} == {"contacted_at", "action"}
    skipped = call(key, f"{path}/checks", {"done_at": timezone.now().isoformat(), "summary": "Nothing found"})
    assert skipped.status_code == 422
    contacted = call(
        key, f"{path}/initial-contact", {"contacted_at": timezone.now().isoformat(), "immediate_risk": False}
    )
    assert contacted.status_code == 200, contacted.content
    assert contacted.json()["stage"] == "face_to_face"
    closed = call(key, f"{path}/close", {"closure": "withdrawn", "note": "She withdrew the request by phone."})
    assert closed.status_code == 200
    assert closed.json()["stage"] == "closed"
    assert DisclosureRequest.objects.get(pk=found.pk).closure == "withdrawn"
    assert AuditEvent.objects.filter(verb=Verb.DISCLOSURE_CLOSED).count() == 1


def test_another_teams_request_is_404_like_a_made_up_one_even_with_a_bad_body(world: World) -> None:
    found = world_request(world)
    _, south = make_key(world, scopes=[Scope.DISCLOSURE], team="south", name="South RMS")
    for path, body in (
        (f"/api/v1/disclosure-requests/{found.pk}", None),
        (f"/api/v1/disclosure-requests/{found.pk}/close", {"closure": 5}),
        (f"/api/v1/disclosure-requests/{found.pk}/close", {"closure": "withdrawn", "note": "Closing it"}),
    ):
        response = call(south, path, body)
        made_up = call(south, path.replace(str(found.pk), "987654"), body)
        assert response.status_code == made_up.status_code == 404, path
        assert response.content == made_up.content
    assert DisclosureRequest.objects.get(pk=found.pk).closed_at is None
