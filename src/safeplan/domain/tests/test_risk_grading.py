"""Grading a risk assessment: thresholds, professional judgement, MARAC criteria, re-scoring."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan.content import instruments as instrument_content
from safeplan.content.instruments import InstrumentLibrary, load_instruments
from safeplan.domain.marac import is_repeat
from safeplan.domain.risk import (
    LEVELS,
    GradingConfig,
    GradingError,
    Problem,
    changes_since,
    default_config,
    grade_assessment,
    instrument_factor_ids,
)

RIC = instrument_factor_ids("ric")
STALKING = instrument_factor_ids("stalking")
TODAY = date(2026, 11, 21)
ANSWER = st.sampled_from(["yes", "no", "unknown"])


def ric_answers(yes: int, rest: str = "no") -> dict[str, str]:
    """Return complete ric answers with the first `yes` factors answered yes."""
    return {factor: "yes" if index < yes else rest for index, factor in enumerate(RIC)}


def answers_for(factor_ids: list[str]) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({factor: ANSWER for factor in factor_ids})


# --- the order and size of the instruments


def test_ric_asks_24_factors_in_the_agreed_order() -> None:
    assert RIC == [
        "current_injury",
        "very_frightened",
        "fears",
        "isolation",
        "depression_or_suicidal_thoughts",
        "separation",
        "child_contact_conflict",
        "stalking_or_harassment",
        "pregnancy_or_new_baby",
        "abuse_more_often",
        "abuse_getting_worse",
        "control_and_jealousy",
        "weapons_or_objects",
        "threats_to_kill",
        "strangulation_or_suffocation",
        "sexual_abuse",
        "others_acting_for_abuser",
        "hurting_others",
        "hurting_animals",
        "financial_problems",
        "substance_or_mental_health",
        "suicide_threats",
        "breaches",
        "criminal_history",
    ]


def test_the_stalking_screen_has_at_least_10_distinct_factors() -> None:
    assert len(STALKING) >= 10
    assert len(set(STALKING)) == len(STALKING)


def test_factor_ids_are_a_fresh_list_each_time() -> None:
    ids = instrument_factor_ids("ric")
    ids.clear()
    assert len(instrument_factor_ids("ric")) == 24


def test_factor_ids_of_an_unknown_instrument_raise_value_error() -> None:
    with pytest.raises(ValueError, match="unknown instrument 'dash'"):
        instrument_factor_ids("dash")


# --- thresholds


@pytest.mark.parametrize(
    ("yes", "level", "visible_high_risk"),
    [
        (0, "standard", False),
        (9, "standard", False),
        (10, "medium", False),
        (13, "medium", False),
        (14, "high", True),
        (24, "high", True),
    ],
)
def test_ric_is_graded_by_the_count_of_yes(yes: int, level: str, visible_high_risk: bool) -> None:
    grading = grade_assessment("ric", ric_answers(yes), today=TODAY)
    assert grading.yes_count == yes
    assert grading.level == level
    assert grading.score_level == level
    assert ("visible_high_risk" in grading.marac_criteria) is visible_high_risk
    assert grading.instrument_id == "ric"
    assert grading.instrument_version == 1
    assert (grading.medium_from, grading.high_from) == (10, 14)


@pytest.mark.parametrize(
    ("yes", "reason"),
    [
        (9, "9 of 24 factors answered yes (standard risk is 9 or fewer)"),
        (10, "10 of 24 factors answered yes (medium risk is 10 to 13)"),
        (13, "13 of 24 factors answered yes (medium risk is 10 to 13)"),
        (14, "14 of 24 factors answered yes (high risk is 14 or more)"),
    ],
)
def test_the_grade_says_why_in_plain_words(yes: int, reason: str) -> None:
    grading = grade_assessment("ric", ric_answers(yes), today=TODAY)
    assert grading.level_reason == f"{grading.level.capitalize()}: {reason}"


def test_visible_high_risk_gives_its_reason() -> None:
    grading = grade_assessment("ric", ric_answers(14), today=TODAY)
    assert dict(grading.reasons) == {"visible_high_risk": "14 of 24 factors answered yes (high risk is 14 or more)"}


def test_not_known_does_not_count_as_yes() -> None:
    grading = grade_assessment("ric", ric_answers(9, rest="unknown"), today=TODAY)
    assert grading.yes_count == 9
    assert grading.level == "standard"


@pytest.mark.parametrize(("yes", "level"), [(4, "standard"), (5, "medium"), (7, "medium"), (8, "high")])
def test_the_stalking_screen_uses_its_own_thresholds(yes: int, level: str) -> None:
    answers = {factor: "yes" if index < yes else "no" for index, factor in enumerate(STALKING)}
    grading = grade_assessment("stalking", answers, today=TODAY)
    assert grading.level == level
    assert grading.factor_count == len(STALKING)


def test_yes_factors_are_listed_in_the_order_asked() -> None:
    answers = ric_answers(0)
    answers["criminal_history"] = answers["fears"] = "yes"
    assert grade_assessment("ric", answers, today=TODAY).yes_factors == ("fears", "criminal_history")


# --- professional judgement


def test_judgement_of_high_above_the_score_raises_the_grade_and_is_a_marac_criterion() -> None:
    grading = grade_assessment(
        "ric", ric_answers(11), judgement="high", judgement_reason="  Recent threat with a knife.  ", today=TODAY
    )
    assert grading.level == "high"
    assert grading.score_level == "medium"
    assert grading.marac_criteria == {"professional_judgement"}
    assert grading.reasons["professional_judgement"] == (
        "Professional judgement raised the grade from medium to high: Recent threat with a knife."
    )
    assert grading.judgement == "high"
    assert grading.judgement_reason == "Recent threat with a knife."
    assert grading.level_reason == (
        "High: raised from medium by professional judgement: Recent threat with a knife. "
        "Score: 11 of 24 factors answered yes (medium risk is 10 to 13)"
    )


def test_judgement_of_high_on_a_standard_score_is_a_marac_criterion() -> None:
    grading = grade_assessment("ric", ric_answers(2), judgement="high", judgement_reason="Strangled last week.")
    assert (grading.level, grading.score_level) == ("high", "standard")
    assert "professional_judgement" in grading.marac_criteria


def test_judgement_of_medium_above_a_standard_score_raises_the_grade_without_a_marac_criterion() -> None:
    grading = grade_assessment("ric", ric_answers(3), judgement="medium", judgement_reason="Fear is rising.")
    assert grading.level == "medium"
    assert grading.marac_criteria == frozenset()


@pytest.mark.parametrize(("yes", "judgement"), [(3, "standard"), (11, "medium"), (15, "high")])
def test_judgement_equal_to_the_score_is_recorded_but_adds_no_criterion(yes: int, judgement: str) -> None:
    grading = grade_assessment("ric", ric_answers(yes), judgement=judgement, judgement_reason="Agree with the score.")
    assert grading.level == judgement
    assert "professional_judgement" not in grading.marac_criteria
    assert grading.judgement == judgement
    assert grading.level_reason.endswith(". Professional judgement agrees: Agree with the score.")


@pytest.mark.parametrize(("yes", "judgement"), [(10, "standard"), (14, "medium"), (14, "standard")])
def test_judgement_can_never_lower_the_grade(yes: int, judgement: str) -> None:
    with pytest.raises(ValueError, match="never lower"):
        grade_assessment("ric", ric_answers(yes), judgement=judgement, judgement_reason="Victim seems calmer.")


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_judgement_needs_a_written_reason(reason: str) -> None:
    with pytest.raises(ValueError, match="written reason"):
        grade_assessment("ric", ric_answers(3), judgement="high", judgement_reason=reason)


def test_judgement_equal_to_the_score_still_needs_a_reason() -> None:
    with pytest.raises(ValueError, match="written reason"):
        grade_assessment("ric", ric_answers(3), judgement="standard")


@pytest.mark.parametrize("judgement", ["High", "very high", "", "low"])
def test_an_unknown_judgement_raises_value_error(judgement: str) -> None:
    with pytest.raises(ValueError, match="unknown judgement"):
        grade_assessment("ric", ric_answers(3), judgement=judgement, judgement_reason="Reason.")


def test_a_reason_without_a_judgement_is_refused_rather_than_lost() -> None:
    with pytest.raises(ValueError, match="without a judgement"):
        grade_assessment("ric", ric_answers(3), judgement_reason="I am worried.")


# --- invalid input


def test_an_unknown_instrument_raises_value_error() -> None:
    with pytest.raises(ValueError, match="unknown instrument 'dash'"):
        grade_assessment("dash", {})


def test_an_unknown_version_raises_value_error() -> None:
    with pytest.raises(ValueError, match="no version 99"):
        grade_assessment("ric", ric_answers(0), version=99)


def test_an_unknown_factor_id_raises_value_error() -> None:
    answers = ric_answers(0) | {"has_a_car": "no"}
    with pytest.raises(ValueError, match=r"unknown factor ids for ric v1: \['has_a_car'\]"):
        grade_assessment("ric", answers)


def test_a_factor_of_another_instrument_is_unknown() -> None:
    with pytest.raises(ValueError, match="unknown factor ids"):
        grade_assessment("ric", ric_answers(0) | {"smart_devices": "no"})


@pytest.mark.parametrize("value", ["Yes", "y", "maybe", "", "not known"])
def test_an_unknown_answer_value_raises_value_error(value: str) -> None:
    answers = ric_answers(0) | {"fears": value}
    with pytest.raises(ValueError, match="unknown answer values"):
        grade_assessment("ric", answers)


def test_missing_answers_raise_value_error_naming_them() -> None:
    answers = ric_answers(0)
    del answers["breaches"], answers["fears"]
    with pytest.raises(ValueError, match=r"2 factors not answered: \['fears', 'breaches'\]"):
        grade_assessment("ric", answers)


def test_a_draft_can_be_previewed_with_allow_incomplete() -> None:
    answers = {factor: "yes" for factor in RIC[:12]}
    grading = grade_assessment("ric", answers, allow_incomplete=True, today=TODAY)
    assert grading.yes_count == 12
    assert grading.level == "medium"
    assert grading.unanswered == tuple(RIC[12:])
    assert not grading.complete
    assert "12 factors not answered yet" in grading.level_reason


def test_a_complete_assessment_is_complete() -> None:
    assert grade_assessment("ric", ric_answers(5), today=TODAY).complete


def test_a_negative_incident_count_raises_value_error() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        grade_assessment("ric", ric_answers(0), incidents_last_12_months=-1)


def test_a_referral_after_today_raises_value_error() -> None:
    with pytest.raises(ValueError, match="after today"):
        grade_assessment("ric", ric_answers(0), last_marac_referral=date(2026, 11, 22), today=TODAY)


def test_a_datetime_is_refused_where_a_date_is_needed() -> None:
    with pytest.raises(ValueError, match="must be a date"):
        grade_assessment("ric", ric_answers(0), today=datetime(2026, 11, 21, 9, 0))
    with pytest.raises(ValueError, match="must be a date"):
        grade_assessment("ric", ric_answers(0), last_marac_referral=datetime(2026, 1, 1, 9, 0), today=TODAY)


# --- the typed refusal: which field, what is wrong, and what a message needs


def _missing_two() -> dict[str, str]:
    answers = ric_answers(0)
    del answers["breaches"], answers["fears"]
    return answers


@pytest.mark.parametrize(
    ("arguments", "field", "code", "params"),
    [
        ({"answers": _missing_two()}, "answers", Problem.UNANSWERED, {"factors": ("fears", "breaches")}),
        (
            {"answers": ric_answers(0) | {"has_a_car": "no"}},
            "answers",
            Problem.UNKNOWN_FACTORS,
            {"factors": ["has_a_car"]},
        ),
        ({"answers": ric_answers(0) | {"fears": "maybe"}}, "answers", Problem.UNKNOWN_ANSWERS, {"factors": ["fears"]}),
        ({"judgement": "low", "judgement_reason": "R."}, "judgement", Problem.UNKNOWN_JUDGEMENT, {}),
        ({"judgement": "high"}, "judgement_reason", Problem.REASON_MISSING, {}),
        ({"judgement_reason": "I am worried."}, "judgement_reason", Problem.REASON_WITHOUT_JUDGEMENT, {}),
        (
            {"answers": ric_answers(14), "judgement": "medium", "judgement_reason": "Calmer."},
            "judgement",
            Problem.BELOW_SCORE,
            {"judgement": "medium", "score_level": "high"},
        ),
        (
            {"last_marac_referral": date(2026, 11, 22)},
            "last_marac_referral",
            Problem.REFERRAL_AFTER_TODAY,
            {"referral": date(2026, 11, 22), "today": TODAY},
        ),
        ({"incidents_last_12_months": -1}, "incidents_last_12_months", Problem.NEGATIVE, {}),
        ({"incidents_last_12_months": True}, "incidents_last_12_months", Problem.NOT_A_WHOLE_NUMBER, {}),
        ({"today": datetime(2026, 11, 21, 9, 0)}, "today", Problem.NOT_A_DATE, {}),
        ({"config": GradingConfig(medium_from=20, high_from=10)}, None, Problem.THRESHOLDS_OUT_OF_ORDER, None),
    ],
)
def test_every_refusal_names_its_field_code_and_params(
    arguments: dict[str, Any], field: str | None, code: Problem, params: dict[str, Any] | None
) -> None:
    arguments = dict(arguments)
    answers = arguments.pop("answers", ric_answers(3))
    with pytest.raises(GradingError) as caught:
        grade_assessment("ric", answers, **{"today": TODAY, **arguments})
    assert (caught.value.field, caught.value.code) == (field, code)
    if params is not None:
        assert dict(caught.value.params) == params
    assert isinstance(caught.value, ValueError)


# --- potential escalation


def test_potential_escalation_defaults_to_three_incidents_from_the_content() -> None:
    assert default_config().escalation_incidents == 3
    assert "potential_escalation" not in grade_assessment("ric", ric_answers(0), incidents_last_12_months=2).reasons
    grading = grade_assessment("ric", ric_answers(0), incidents_last_12_months=3)
    assert grading.marac_criteria == {"potential_escalation"}
    assert (
        grading.reasons["potential_escalation"]
        == "3 incidents in the last 12 months (potential escalation is 3 or more)"
    )
    assert grading.level == "standard"


def test_potential_escalation_threshold_can_be_configured() -> None:
    config = GradingConfig(escalation_incidents=5)
    assert (
        "potential_escalation"
        not in grade_assessment("ric", ric_answers(0), incidents_last_12_months=4, config=config).marac_criteria
    )
    grading = grade_assessment("ric", ric_answers(0), incidents_last_12_months=5, config=config)
    assert (
        grading.reasons["potential_escalation"]
        == "5 incidents in the last 12 months (potential escalation is 5 or more)"
    )


def test_one_incident_reads_as_singular() -> None:
    grading = grade_assessment(
        "ric", ric_answers(0), incidents_last_12_months=1, config=GradingConfig(escalation_incidents=1)
    )
    assert grading.reasons["potential_escalation"].startswith("1 incident in")


# --- repeat


@pytest.mark.parametrize(
    ("today", "referral", "repeat"),
    [
        (date(2026, 11, 21), date(2025, 11, 21), True),  # exactly 12 months before counts
        (date(2026, 11, 21), date(2025, 11, 20), False),
        (date(2026, 11, 21), date(2026, 11, 21), False),  # a referral made today is not a previous one
        (date(2026, 11, 22), date(2026, 11, 21), True),  # the day after it is
        (date(2026, 11, 21), date(2026, 3, 1), True),
        (date(2026, 11, 21), date(2020, 1, 1), False),
        (date(2024, 2, 28), date(2023, 2, 28), True),
        (date(2024, 2, 29), date(2023, 2, 28), False),  # 28 Feb 2023 + 12 months ends on 28 Feb 2024
        (date(2024, 2, 29), date(2023, 2, 27), False),
        (date(2025, 2, 28), date(2024, 2, 29), True),
        (date(2025, 2, 28), date(2024, 2, 28), True),
        (date(2025, 2, 28), date(2024, 2, 27), False),
        (date(2025, 3, 1), date(2024, 2, 29), False),
        (date(2025, 3, 1), date(2024, 3, 1), True),
        (date(2026, 1, 31), date(2025, 1, 31), True),
        (date(2026, 1, 31), date(2025, 1, 30), False),
    ],
)
def test_repeat_holds_for_a_referral_in_the_12_months_before_today_but_not_on_it(
    today: date, referral: date, repeat: bool
) -> None:
    grading = grade_assessment("ric", ric_answers(0), last_marac_referral=referral, today=today)
    assert ("repeat" in grading.marac_criteria) is repeat


def test_repeat_gives_its_reason() -> None:
    grading = grade_assessment("ric", ric_answers(0), last_marac_referral=date(2025, 11, 21), today=TODAY)
    assert grading.reasons["repeat"] == (
        "Last MARAC referral on 21 November 2025; a repeat is any incident in the 12 months after it, "
        "to 21 November 2026"
    )


def test_no_earlier_referral_is_no_repeat() -> None:
    assert "repeat" not in grade_assessment("ric", ric_answers(0), today=TODAY).marac_criteria


def test_today_defaults_to_the_current_date() -> None:
    real_today = date.today()
    grading = grade_assessment("ric", ric_answers(0), last_marac_referral=real_today - timedelta(days=30))
    assert "repeat" in grading.marac_criteria
    with pytest.raises(ValueError, match="after today"):
        grade_assessment("ric", ric_answers(0), last_marac_referral=real_today + timedelta(days=1))


@settings(max_examples=200)
@given(
    st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
)
def test_repeat_is_exactly_is_repeat(today: date, referral: date) -> None:
    if referral > today:
        return
    grading = grade_assessment("ric", ric_answers(0), last_marac_referral=referral, today=today)
    assert ("repeat" in grading.marac_criteria) is is_repeat(today, [referral])


def test_criteria_are_listed_with_their_reasons_in_a_fixed_order() -> None:
    grading = grade_assessment(
        "ric",
        ric_answers(20),
        incidents_last_12_months=4,
        last_marac_referral=date(2026, 6, 1),
        today=TODAY,
    )
    assert list(grading.reasons) == ["visible_high_risk", "potential_escalation", "repeat"]
    assert grading.marac_criteria == set(grading.reasons)
    assert grading.marac_referral_indicated


def test_no_criteria_means_no_referral_indicated() -> None:
    assert not grade_assessment("ric", ric_answers(3), today=TODAY).marac_referral_indicated


# --- configuration of the grade thresholds


def test_grade_thresholds_can_be_overridden_per_call() -> None:
    config = GradingConfig(medium_from=5, high_from=8)
    grading = grade_assessment("ric", ric_answers(8), config=config, today=TODAY)
    assert grading.level == "high"
    assert grading.reasons["visible_high_risk"] == "8 of 24 factors answered yes (high risk is 8 or more)"


@pytest.mark.parametrize(
    "config",
    [GradingConfig(medium_from=14), GradingConfig(medium_from=9, high_from=9), GradingConfig(high_from=25)],
)
def test_thresholds_out_of_order_raise_value_error(config: GradingConfig) -> None:
    with pytest.raises(ValueError, match="thresholds must be ordered"):
        grade_assessment("ric", ric_answers(0), config=config)


@pytest.mark.parametrize("field", ["medium_from", "high_from", "escalation_incidents"])
@pytest.mark.parametrize("value", [0, -3, True, 2.5])
def test_a_config_value_must_be_a_positive_whole_number(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        GradingConfig(**{field: value})  # type: ignore[arg-type]


def test_a_grading_is_frozen_and_hashable() -> None:
    grading = grade_assessment("ric", ric_answers(14), today=TODAY)
    with pytest.raises(AttributeError):
        grading.level = "standard"  # type: ignore[misc]
    with pytest.raises(TypeError):
        grading.reasons["repeat"] = "x"  # type: ignore[index]
    assert hash(grading) == hash(grade_assessment("ric", ric_answers(14), today=TODAY))


# --- properties


@settings(max_examples=150)
@given(answers_for(RIC), st.sampled_from(RIC))
def test_turning_an_answer_to_yes_never_lowers_the_grade(answers: dict[str, str], factor: str) -> None:
    before = grade_assessment("ric", answers, today=TODAY)
    after = grade_assessment("ric", answers | {factor: "yes"}, today=TODAY)
    assert LEVELS.index(after.level) >= LEVELS.index(before.level)
    assert after.yes_count >= before.yes_count
    assert before.marac_criteria <= after.marac_criteria


@settings(max_examples=150)
@given(answers_for(STALKING))
def test_yes_count_is_the_number_of_yes_answers(answers: dict[str, str]) -> None:
    grading = grade_assessment("stalking", answers, today=TODAY)
    assert grading.yes_count == sum(value == "yes" for value in answers.values())
    assert set(grading.yes_factors) == {factor for factor, value in answers.items() if value == "yes"}


@settings(max_examples=100)
@given(
    answers_for(RIC),
    st.sampled_from(LEVELS),
    st.integers(min_value=0, max_value=10),
    st.one_of(st.none(), st.dates(min_value=date(2024, 1, 1), max_value=TODAY)),
)
def test_grading_is_deterministic_and_judgement_only_raises(
    answers: dict[str, str], judgement: str, incidents: int, referral: date | None
) -> None:
    score = grade_assessment("ric", answers, today=TODAY)
    if LEVELS.index(judgement) < LEVELS.index(score.level):
        with pytest.raises(ValueError, match="never lower"):
            grade_assessment("ric", answers, judgement=judgement, judgement_reason="R.", today=TODAY)
        return
    kwargs = {"incidents_last_12_months": incidents, "last_marac_referral": referral, "today": TODAY}
    judged = grade_assessment("ric", answers, judgement=judgement, judgement_reason="R.", **kwargs)  # type: ignore[arg-type]
    assert judged == grade_assessment("ric", answers, judgement=judgement, judgement_reason="R.", **kwargs)  # type: ignore[arg-type]
    assert judged.level == judgement
    assert judged.score_level == score.level


# --- re-scoring a stored assessment after the instrument changes


@pytest.fixture(scope="module")
def ric_versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[InstrumentLibrary, InstrumentLibrary]:
    """Return the instruments before and after a (test-only) version 2 of ric with lower thresholds."""
    shipped = Path(instrument_content.__file__).resolve().parent / "instruments"
    before = tmp_path_factory.mktemp("before")
    shutil.copy(shipped / "ric.yaml", before / "ric.yaml")
    after = tmp_path_factory.mktemp("after")
    (after / "archive").mkdir()
    shutil.copy(shipped / "ric.yaml", after / "archive" / "ric-v1.yaml")
    data = yaml.safe_load((shipped / "ric.yaml").read_text(encoding="utf-8"))
    data["version"] = 2
    data["thresholds"] = {"medium": 8, "high": 12}
    data["factors"][0]["question"] = {"en": "Were you injured this time?"}
    (after / "ric.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_instruments(before), load_instruments(after)


@settings(max_examples=100)
@given(answers=answers_for(RIC), judgement_high=st.booleans())
def test_a_stored_assessment_is_rescored_with_its_own_version(
    ric_versions: tuple[InstrumentLibrary, InstrumentLibrary], answers: dict[str, str], judgement_high: bool
) -> None:
    before, after = ric_versions
    kwargs = {"judgement": "high", "judgement_reason": "Threats."} if judgement_high else {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(instrument_content, "instruments", lambda: before)
        stored = grade_assessment("ric", answers, today=TODAY, **kwargs)  # type: ignore[arg-type]
        patch.setattr(instrument_content, "instruments", lambda: after)
        rescored = grade_assessment(
            stored.instrument_id,
            answers,
            version=stored.instrument_version,
            today=TODAY,
            **kwargs,  # type: ignore[arg-type]
        )
        current = grade_assessment("ric", answers, today=TODAY, **kwargs)  # type: ignore[arg-type]
    assert stored.instrument_version == 1
    assert rescored == stored
    assert current.instrument_version == 2
    assert (current.medium_from, current.high_from) == (8, 12)


def test_the_newer_version_grades_differently_so_the_version_matters(
    ric_versions: tuple[InstrumentLibrary, InstrumentLibrary],
) -> None:
    _, after = ric_versions
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(instrument_content, "instruments", lambda: after)
        assert grade_assessment("ric", ric_answers(12), version=1, today=TODAY).level == "medium"
        assert grade_assessment("ric", ric_answers(12), today=TODAY).level == "high"
        assert instrument_factor_ids("ric", version=1) == instrument_factor_ids("ric", version=2)
        with pytest.raises(ValueError, match="no version 3"):
            grade_assessment("ric", ric_answers(12), version=3)


# --- what changed since the last assessment


def test_changes_list_factors_newly_yes_and_no_longer_yes() -> None:
    previous = ric_answers(0) | {"fears": "yes", "threats_to_kill": "yes", "isolation": "unknown"}
    current = ric_answers(0) | {"fears": "yes", "breaches": "yes", "current_injury": "yes", "isolation": "no"}
    changes = changes_since(previous, current, factor_order=RIC)
    assert changes.newly_yes == ("current_injury", "breaches")
    assert changes.no_longer_yes == ("threats_to_kill",)
    assert dict(changes.changed) == {
        "current_injury": ("no", "yes"),
        "isolation": ("unknown", "no"),
        "threats_to_kill": ("yes", "no"),
        "breaches": ("no", "yes"),
    }
    assert not changes.nothing_changed


def test_identical_answers_have_no_changes() -> None:
    changes = changes_since(ric_answers(5), ric_answers(5))
    assert changes.nothing_changed
    assert changes.newly_yes == changes.no_longer_yes == ()


def test_a_factor_missing_from_one_set_counts_as_unanswered() -> None:
    changes = changes_since({"old_factor": "yes"}, {"new_factor": "yes"})
    assert changes.newly_yes == ("new_factor",)
    assert changes.no_longer_yes == ("old_factor",)
    assert dict(changes.changed) == {"new_factor": (None, "yes"), "old_factor": ("yes", None)}


def test_changes_refuse_unknown_answer_values() -> None:
    with pytest.raises(ValueError, match="unknown answer values"):
        changes_since({"fears": "Yes"}, {"fears": "yes"})


@settings(max_examples=150)
@given(answers_for(RIC), answers_for(RIC))
def test_changes_agree_with_a_direct_comparison(previous: dict[str, str], current: dict[str, str]) -> None:
    changes = changes_since(previous, current, factor_order=RIC)
    assert set(changes.newly_yes) == {f for f in RIC if current[f] == "yes" and previous[f] != "yes"}
    assert set(changes.no_longer_yes) == {f for f in RIC if previous[f] == "yes" and current[f] != "yes"}
    assert list(changes.changed) == [f for f in RIC if previous[f] != current[f]]
    assert not set(changes.newly_yes) & set(changes.no_longer_yes)
