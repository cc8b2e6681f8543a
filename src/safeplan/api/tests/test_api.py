"""The JSON API: service credentials, the same gate as the pages, and problem details."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from safeplan.api.models import Scope, ServiceCredential
from safeplan.api.services import credential_create, credential_revoke, credential_rotate
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import SECRET_ADDRESS, World
from safeplan.testing.api import make_key
from safeplan.testing.signin import sign_in_verified
from safeplan.timeline.models import Obligation

pytestmark = pytest.mark.django_db


def call(key: str, path: str, method: str = "get", **kwargs: object) -> object:
    return getattr(Client(), method)(path, HTTP_AUTHORIZATION=f"Bearer {key}", **kwargs)


def test_an_admin_makes_credentials_whose_key_is_stored_only_as_a_hash(world: World) -> None:
    credential, key = make_key(world)
    assert key.startswith("sp_")
    assert key.split("_", 2)[2] not in credential.secret_hash
    assert not credential.account.has_usable_password()
    assert AuditEvent.objects.filter(verb="api.credential_created", actor=world.adam).exists()


def test_only_the_agencys_admin_makes_credentials(world: World) -> None:
    with pytest.raises(PermissionDenied):
        credential_create(
            actor=world.alice,
            name="x",
            team=world.north,
            role="officer",
            scopes=[Scope.READ_CASES],
            expires_at=timezone.now() + timedelta(days=1),
        )
    with pytest.raises(PermissionDenied):
        credential_create(
            actor=world.wanda,
            name="x",
            team=world.north,
            role="officer",
            scopes=[Scope.READ_CASES],
            expires_at=timezone.now() + timedelta(days=1),
        )


def test_bad_credential_requests_are_refused_with_every_reason(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        credential_create(
            actor=world.adam, name=" ", team=world.north, role="admin", scopes=["everything"], expires_at=timezone.now()
        )
    assert set(refused.value.message_dict) == {"name", "role", "scopes", "expires_at"}
    assert not ServiceCredential.objects.exists()


def test_an_integration_reads_a_case_of_its_team_and_the_call_is_audited_as_it(world: World) -> None:
    credential, key = make_key(world)
    response = call(key, f"/api/v1/cases/{world.case.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == "SP-TEST-0001"
    assert {p["role"] for p in body["people"]} == {"victim", "suspect"}
    assert AuditEvent.objects.filter(verb="api.called", actor_label="integration:Northshire RMS").exists()
    assert AuditEvent.objects.filter(verb="case.viewed", actor=credential.account, case_id=world.case.pk).exists()


def test_confidential_location_and_safe_contact_are_never_in_the_api(world: World) -> None:
    _, key = make_key(world)
    text = call(key, f"/api/v1/cases/{world.case.pk}").content.decode()
    assert SECRET_ADDRESS not in text
    assert "07700 900001" not in text
    assert "voicemail" not in text


def test_a_case_outside_the_credentials_team_is_a_404_exactly_like_a_made_up_id(world: World) -> None:
    _, key = make_key(world, team="south")
    outside = call(key, f"/api/v1/cases/{world.case.pk}")
    made_up = call(key, "/api/v1/cases/987654")
    assert outside.status_code == made_up.status_code == 404
    assert outside.content == made_up.content
    assert outside["Content-Type"] == "application/problem+json"
    assert call(key, "/api/v1/cases").json() == []


def test_a_wrong_expired_rotated_or_revoked_key_is_a_401_problem(world: World) -> None:
    credential, key = make_key(world)
    assert call(key[:-2] + "xx", "/api/v1/cases").status_code == 401
    new_key = credential_rotate(actor=world.adam, credential=credential)
    assert call(key, "/api/v1/cases").status_code == 401
    assert call(new_key, "/api/v1/cases").status_code == 200
    ServiceCredential.objects.filter(pk=credential.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert call(new_key, "/api/v1/cases").status_code == 401
    ServiceCredential.objects.filter(pk=credential.pk).update(expires_at=timezone.now() + timedelta(days=1))
    credential.refresh_from_db()
    credential_revoke(actor=world.adam, credential=credential)
    response = call(new_key, "/api/v1/cases")
    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_credential_without_the_scope_is_refused(world: World) -> None:
    _, key = make_key(world, scopes=[Scope.READ_CASES])
    assert call(key, f"/api/v1/cases/{world.case.pk}/obligations").status_code == 403


@override_settings(API_CALLS_PER_MINUTE=2)
def test_calls_over_the_limit_are_refused_per_credential(world: World) -> None:
    _, key = make_key(world)
    assert [call(key, "/api/v1/cases").status_code for _ in range(3)] == [200, 200, 429]
    _, other = credential_create(
        actor=world.adam,
        name="Other system",
        team=world.north,
        role="officer",
        scopes=[Scope.READ_CASES],
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert call(other, "/api/v1/cases").status_code == 200


def test_a_signed_in_professional_may_read_through_their_own_session(world: World) -> None:
    client = Client()
    assert client.get("/api/v1/cases").status_code == 401
    sign_in_verified(client, world.alice)
    assert client.get(f"/api/v1/cases/{world.case.pk}").status_code == 200
    sign_in_verified(client, world.charlie)
    assert client.get(f"/api/v1/cases/{world.case.pk}").status_code == 404


def test_bad_input_is_a_problem_with_a_field_path_never_a_500(world: World) -> None:
    _, key = make_key(world)
    response = call(key, "/api/v1/cases?limit=many")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "query/limit"


def test_the_openapi_document_is_at_a_stable_url_with_coded_values() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    assert document["info"]["version"] == "1"
    person = document["components"]["schemas"]["PersonOut"]["properties"]["role"]
    assert "victim" in person["enum"]
    assert person["x-labels"]["victim"]["en"]


WRITER = [
    Scope.READ_CASES,
    Scope.WRITE_CASES,
    Scope.WRITE_EVENTS,
    Scope.READ_EVENTS,
    Scope.READ_OBLIGATIONS,
    Scope.WRITE_OBLIGATIONS,
]


def test_a_case_created_twice_with_one_idempotency_key_is_created_once(world: World) -> None:
    _, key = make_key(world, scopes=WRITER)
    body = {"victim_name": "Val Victim", "responsible_officer_id": world.alice.pk, "spoc_id": world.bob.pk}
    first = call(key, "/api/v1/cases", "post", data=body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    again = call(key, "/api/v1/cases", "post", data=body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["responsible_officer_id"] == world.alice.pk


def test_a_case_needs_the_same_responsible_officer_and_spoc_as_the_form(world: World) -> None:
    _, key = make_key(world, scopes=WRITER)
    body = {"victim_name": "Val", "responsible_officer_id": world.charlie.pk, "spoc_id": 987654}
    response = call(key, "/api/v1/cases", "post", data=body, content_type="application/json")
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"responsible_officer"}


def test_a_stale_change_is_refused_and_a_missing_version_is_asked_for(world: World) -> None:
    _, key = make_key(world, scopes=WRITER)
    path = f"/api/v1/cases/{world.case.pk}"
    tag = call(key, path)["ETag"]
    change = {"data": {"summary": "New summary"}, "content_type": "application/json"}
    assert call(key, path, "patch", **change).status_code == 428
    assert call(key, path, "patch", HTTP_IF_MATCH=tag, **change).status_code == 200
    stale = call(key, path, "patch", HTTP_IF_MATCH=tag, data={"summary": "Lost"}, content_type="application/json")
    assert stale.status_code == 412
    world.case.refresh_from_db()
    assert world.case.summary == "New summary"


def test_an_event_makes_its_deadlines_once_however_often_it_is_retried(world: World) -> None:
    _, key = make_key(world, scopes=WRITER)
    body = {"type": "arrest", "occurred_at": "2026-11-20T10:00:00+00:00"}
    path = f"/api/v1/cases/{world.case.pk}/events"
    first = call(key, path, "post", data=body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="e1")
    again = call(key, path, "post", data=body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="e1")
    assert first.status_code == 201, first.content
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["obligations"], "an arrest asks for notifications"
    assert world.case.events.count() == 1


def test_a_shared_team_cannot_write_and_gets_the_same_404(world: World) -> None:
    _, key = make_key(world, scopes=WRITER, team="south")
    body = {"type": "arrest", "occurred_at": "2026-11-20T10:00:00+00:00"}
    outside = call(key, f"/api/v1/cases/{world.case.pk}/events", "post", data=body, content_type="application/json")
    made_up = call(key, "/api/v1/cases/987654/events", "post", data=body, content_type="application/json")
    assert outside.status_code == made_up.status_code == 404
    assert outside.content == made_up.content


def test_an_obligation_is_completed_once_by_the_same_rules_as_the_page(world: World) -> None:
    _, key = make_key(world, scopes=WRITER)
    body = {"type": "arrest", "occurred_at": "2026-11-20T10:00:00+00:00"}
    event = call(key, f"/api/v1/cases/{world.case.pk}/events", "post", data=body, content_type="application/json")
    notify = next(o for o in event.json()["obligations"] if o["kind"] == "notify")
    path = f"/api/v1/cases/{world.case.pk}/obligations/{notify['id']}/complete"
    note = "Told the victim by phone at the agreed time."

    # Telling the victim is done by recording the notification; by hand only with a reason.
    without_reason = call(key, path, "post", data={"note": note}, content_type="application/json")
    assert without_reason.status_code == 422
    assert [e["field"] for e in without_reason.json()["errors"]] == ["reason"]
    assert Obligation.objects.get(pk=notify["id"]).done_at is None

    done = {"data": {"note": note, "reason": "told_by_other_agency"}, "content_type": "application/json"}
    first = call(key, path, "post", **done)
    assert first.status_code == 200, first.content
    assert first.json()["done_at"] is not None
    assert AuditEvent.objects.filter(verb=Verb.OBLIGATION_COMPLETED, case_id=world.case.pk).count() == 1
    again = call(key, path, "post", **done)
    assert again.status_code == 409
    assert AuditEvent.objects.filter(verb=Verb.OBLIGATION_COMPLETED, case_id=world.case.pk).count() == 1


def test_a_bad_body_on_someone_elses_case_is_a_404_not_a_validation_error(world: World) -> None:
    _, key = make_key(world, scopes=WRITER, team="south")
    outside = call(key, f"/api/v1/cases/{world.case.pk}/events", "post", data={}, content_type="application/json")
    made_up = call(key, "/api/v1/cases/987654/events", "post", data={}, content_type="application/json")
    assert outside.status_code == made_up.status_code == 404
    _, own = make_key(world, scopes=WRITER, name="North RMS")
    assert (
        call(own, f"/api/v1/cases/{world.case.pk}/events", "post", data={}, content_type="application/json").status_code
        == 422
    )
