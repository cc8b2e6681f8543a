"""Plan versions and incidents through the API: read as the pages show them, masked, audited, 404 outside."""

from __future__ import annotations

import pytest
from django.test import Client

from safeplan.api.models import Scope
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.testing.api import make_key
from safeplan.testing.leaks import leaks_in, plant_free_text

pytestmark = pytest.mark.django_db

READER = [Scope.READ_PLANS, Scope.READ_INCIDENTS]


def get(key: str, path: str) -> object:
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_plan_version_gives_its_measures_and_never_the_plans_own_words(world: World) -> None:
    ids = plant_free_text(world)
    credential, key = make_key(world, scopes=READER)
    listed = get(key, f"/api/v1/cases/{world.case.pk}/plan-versions")
    assert listed.status_code == 200
    assert ids["version"] in [v["id"] for v in listed.json()]
    one = get(key, f"/api/v1/cases/{world.case.pk}/plan-versions/{ids['version']}")
    assert one.status_code == 200
    body = one.json()
    assert body["items"], "the version's measures"
    assert {"status", "measure_id", "owner_note"} <= set(body["items"][0])
    assert not {"contacts", "code_words", "safe_places", "escape_routes", "coping_strategies"} & set(body)
    assert leaks_in(one.content.decode()) == []
    assert AuditEvent.objects.filter(verb=Verb.PLAN_VIEWED, actor=credential.account).exists()


def test_an_incident_is_read_masked_with_its_amendments_and_audited(world: World) -> None:
    ids = plant_free_text(world)
    credential, key = make_key(world, scopes=READER)
    listed = get(key, f"/api/v1/cases/{world.case.pk}/incidents")
    assert listed.status_code == 200
    assert ids["incident"] in [i["id"] for i in listed.json()]
    assert "summary" not in listed.json()[0]
    one = get(key, f"/api/v1/cases/{world.case.pk}/incidents/{ids['incident']}")
    assert one.status_code == 200
    assert "[confidential location]" in one.json()["summary"]
    assert [a["kind"] for a in one.json()["amendments"]] == ["addition"]
    assert leaks_in(one.content.decode()) == []
    assert AuditEvent.objects.filter(verb=Verb.INCIDENT_VIEWED, actor=credential.account).exists()


def test_outside_the_team_plans_and_incidents_are_404_like_made_up_ids(world: World) -> None:
    ids = plant_free_text(world)
    _, south = make_key(world, scopes=READER, team="south")
    _, north = make_key(world, scopes=READER, name="North RMS")
    for path in (
        f"/api/v1/cases/{world.case.pk}/plan-versions",
        f"/api/v1/cases/{world.case.pk}/plan-versions/{ids['version']}",
        f"/api/v1/cases/{world.case.pk}/incidents",
        f"/api/v1/cases/{world.case.pk}/incidents/{ids['incident']}",
    ):
        outside = get(south, path)
        assert outside.status_code == 404, path
        assert outside.content == get(south, "/api/v1/cases/987654/incidents").content
    assert get(north, f"/api/v1/cases/{world.case.pk}/incidents/987654").status_code == 404
    _, without = make_key(world, scopes=[Scope.READ_CASES], name="Cases only")
    assert get(without, f"/api/v1/cases/{world.case.pk}/incidents").status_code == 403
