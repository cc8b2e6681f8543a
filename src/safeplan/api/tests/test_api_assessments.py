"""Assessments through the API: read as the pages show them, made and graded by the same service as the form."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safeplan.api.models import Scope
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.domain.risk import instrument_factor_ids
from safeplan.personas import World
from safeplan.risk.models import Assessment
from safeplan.testing.api import make_key
from safeplan.testing.leaks import leaks_in, plant_free_text
from safeplan.timeline.models import Obligation

pytestmark = pytest.mark.django_db

ASSESSORS = [Scope.READ_ASSESSMENTS, Scope.WRITE_ASSESSMENTS]


def call(key: str, path: str, method: str = "get", body: Any = None, **headers: str) -> Any:
    client = Client()
    if body is None:
        return getattr(client, method)(path, HTTP_AUTHORIZATION=f"Bearer {key}", **headers)
    return getattr(client, method)(
        path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}", **headers
    )


def answers(yes: int = 0) -> dict[str, str]:
    ids = instrument_factor_ids("ric")
    return {factor: ("yes" if index < yes else "no") for index, factor in enumerate(ids)}


def body(**changes: Any) -> dict[str, Any]:
    return {
        "instrument_id": "ric",
        "answers": answers(),
        "victim_view": "not_sure",
        "trigger": "initial",
        "incidents_last_12_months": 0,
        **changes,
    }


def test_an_assessment_is_graded_by_the_service_and_made_once_per_idempotency_key(world: World) -> None:
    _, key = make_key(world, scopes=ASSESSORS)
    path = f"/api/v1/cases/{world.case.pk}/assessments"
    first = call(key, path, "post", body(answers=answers(yes=15)), HTTP_IDEMPOTENCY_KEY="a1")
    again = call(key, path, "post", body(answers=answers(yes=15)), HTTP_IDEMPOTENCY_KEY="a1")
    assert first.status_code == again.status_code == 201, first.content
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["level"] == "high"
    assert "visible_high_risk" in first.json()["marac_criteria"]
    assert Assessment.objects.filter(case=world.case).count() == 1
    assert AuditEvent.objects.filter(verb=Verb.RISK_ASSESSMENT_CREATED, case_id=world.case.pk).count() == 1
    # High risk opens the MARAC decision, exactly as the form's assessment does.
    assert Obligation.objects.filter(case=world.case, kind=Obligation.Kind.MARAC_DECISION).count() == 1


def test_the_domains_refusals_come_back_on_their_fields_and_nothing_is_made(world: World) -> None:
    _, key = make_key(world, scopes=ASSESSORS)
    path = f"/api/v1/cases/{world.case.pk}/assessments"
    below = call(key, path, "post", body(answers=answers(yes=15), judgement="medium", judgement_reason="I think so"))
    assert below.status_code == 422
    assert [e["field"] for e in below.json()["errors"]] == ["judgement"]
    unanswered = dict(answers())
    first_factor = next(iter(unanswered))
    del unanswered[first_factor]
    missing = call(key, path, "post", body(answers=unanswered))
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == [first_factor]
    for bad in (body(instrument_id="nope"), body(victim_view="fine"), body(trigger="whim")):
        assert call(key, path, "post", bad).status_code == 422
    assert not Assessment.objects.exists()


def test_outside_the_team_it_is_404_like_a_made_up_case_and_read_only_scopes_cannot_write(world: World) -> None:
    _, south = make_key(world, scopes=ASSESSORS, team="south")
    outside = call(south, f"/api/v1/cases/{world.case.pk}/assessments", "post", body())
    made_up = call(south, "/api/v1/cases/987654/assessments", "post", body())
    assert outside.status_code == made_up.status_code == 404
    assert outside.content == made_up.content
    assert call(south, f"/api/v1/cases/{world.case.pk}/assessments").status_code == 404
    _, reader = make_key(world, scopes=[Scope.READ_ASSESSMENTS], name="Reader")
    assert call(reader, f"/api/v1/cases/{world.case.pk}/assessments", "post", body()).status_code == 403
    assert not Assessment.objects.exists()


def test_reading_shows_grades_in_the_list_and_masked_free_text_in_one_and_is_audited(world: World) -> None:
    ids = plant_free_text(world)
    credential, key = make_key(world, scopes=[Scope.READ_ASSESSMENTS])
    listed = call(key, f"/api/v1/cases/{world.case.pk}/assessments")
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()] == list(
        Assessment.objects.filter(case=world.case).order_by("created_at", "pk").values_list("pk", flat=True)
    )
    assert "answers" not in listed.json()[0]
    one = call(key, f"/api/v1/cases/{world.case.pk}/assessments/{ids['assessment']}")
    assert one.status_code == 200
    assert one.json()["judgement"] == "high"
    assert "[confidential location]" in one.json()["victim_account"]
    assert leaks_in(one.content.decode()) == []
    lower = call(key, f"/api/v1/cases/{world.case.pk}/assessments/{ids['lower']}")
    assert leaks_in(lower.content.decode()) == []
    assert AuditEvent.objects.filter(
        verb=Verb.RISK_ASSESSMENT_VIEWED, actor=credential.account, case_id=world.case.pk
    ).exists()
    assert call(key, f"/api/v1/cases/{world.case.pk}/assessments/987654").status_code == 404
