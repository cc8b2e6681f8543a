"""The service turns the domain's typed refusals into form errors, and saves nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.domain.risk import instrument_factor_ids
from safeplan.personas import World
from safeplan.risk.models import Assessment
from safeplan.risk.services import assessment_create
from safeplan.testing.risk import answers_with

RIC = instrument_factor_ids("ric")


def create(world: World, **overrides: Any) -> Assessment:
    arguments: dict[str, Any] = {
        "answers": {f: v for f, v in answers_with("ric", yes=2).items() if f in RIC},
        "victim_view": "high",
        "trigger": "new_incident",
        "incidents_last_12_months": 1,
        **overrides,
    }
    return assessment_create(actor=world.alice, case=world.case, instrument_id="ric", **arguments)


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"judgement": "medium", "judgement_reason": "Calmer.", "answers": {f: "yes" for f in RIC}},
            {
                "judgement": [
                    "Professional judgement can raise the grade but never lower it. The answers give high risk: "
                    "keep that grade, or raise it."
                ]
            },
        ),
        (
            {"judgement": "high", "judgement_reason": "  "},
            {"judgement_reason": ["Explain why your professional judgement raises the grade."]},
        ),
        (
            {"judgement_reason": "I am worried."},
            {"judgement_reason": ["Select the grade your judgement raises it to, or delete the reason."]},
        ),
        (
            {"judgement": "very high", "judgement_reason": "Reason."},
            {"judgement": ["Select whether your professional judgement raises the grade."]},
        ),
        (
            {"last_marac_referral": date.today() + timedelta(days=2)},
            {"last_marac_referral": ["The last MARAC referral must be today or in the past."]},
        ),
        (
            {"answers": {f: "no" for f in RIC[2:]}},
            {
                RIC[0]: ["Question 1: select yes, no or not known."],
                RIC[1]: ["Question 2: select yes, no or not known."],
            },
        ),
        (
            {"answers": {f: "perhaps" for f in RIC}},
            {"__all__": ["The answers do not match this assessment. Start it again."]},
        ),
    ],
)
def test_it_puts_each_refusal_on_the_field_to_fix_and_saves_nothing(
    world: World, overrides: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    with pytest.raises(ValidationError) as caught:
        create(world, **overrides)
    error = caught.value
    assert (error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}) == errors
    assert not Assessment.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.RISK_ASSESSMENT_CREATED).exists()


def test_it_stores_the_escalation_threshold_the_domain_graded_with(world: World, settings: Any) -> None:
    settings.RISK_ESCALATION_INCIDENTS = 5
    assessment = create(world, incidents_last_12_months=4)
    assert assessment.escalation_from == 5
    assert "potential_escalation" not in assessment.marac_criteria
    assert assessment.matches(assessment.regrade())
