"""A stored assessment re-scores exactly: through the model, after settings change, for any answers."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeplan.appendonly import rewrite_history
from safeplan.domain.risk import LEVELS, grade_assessment, instrument_factor_ids
from safeplan.personas import World
from safeplan.risk.models import Assessment
from safeplan.testing.risk import make_assessment

ANSWER = st.sampled_from(["yes", "no", "unknown"])


@st.composite
def assessments(draw: st.DrawFn) -> dict[str, object]:
    instrument_id = draw(st.sampled_from(["ric", "stalking"]))
    ids = instrument_factor_ids(instrument_id)
    answers = {factor_id: draw(ANSWER) for factor_id in ids}
    today = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    referral = draw(st.none() | st.integers(min_value=0, max_value=800).map(lambda days: today - timedelta(days=days)))
    score = grade_assessment(instrument_id, answers, today=today).score_level
    judgement = draw(st.none() | st.sampled_from(LEVELS[LEVELS.index(score) :]))
    return {
        "instrument_id": instrument_id,
        "answers": answers,
        "incidents": draw(st.integers(min_value=0, max_value=12)),
        "last_marac_referral": referral,
        "judgement": judgement,
        "judgement_reason": "Known to carry a knife" if judgement else "",
        "today": today,
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=assessments())
def test_re_scoring_a_stored_assessment_gives_the_stored_result(world: World, case: dict[str, object]) -> None:
    today = case.pop("today")
    # The examples share one case, so a lower checklist needs its reason like any other.
    made = make_assessment(world.case, world.alice, **case, today=today, lowering_reason="Synthetic reason")  # type: ignore[arg-type]
    stored = Assessment.objects.get(pk=made.pk)
    again = stored.regrade()
    assert stored.matches(again)
    assert (again.level, again.yes_count, sorted(again.marac_criteria)) == (
        stored.level,
        stored.yes_count,
        stored.marac_criteria,
    )
    assert stored.answers == case["answers"]


def test_changing_a_local_setting_does_not_change_an_old_assessments_grade(world: World, settings: object) -> None:
    made = make_assessment(world.case, world.alice, yes=2, incidents=3)
    assert made.marac_criteria == ["potential_escalation"]
    settings.RISK_ESCALATION_INCIDENTS = 6  # type: ignore[attr-defined]
    stored = Assessment.objects.get(pk=made.pk)
    assert stored.matches(stored.regrade())
    assert sorted(stored.regrade().marac_criteria) == ["potential_escalation"]


def test_a_tampered_record_no_longer_matches_its_regrade(world: World) -> None:
    made = make_assessment(world.case, world.alice, yes=15)
    rewrite_history(Assessment.objects.filter(pk=made.pk), level="standard", marac_criteria=[])
    stored = Assessment.objects.get(pk=made.pk)
    assert not stored.matches(stored.regrade())
