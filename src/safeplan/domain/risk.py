"""Grade a risk assessment and decide which MARAC referral criteria it meets.

The grade starts from the count of "yes" answers against the thresholds of the
instrument version the assessment was made with. Professional judgement may
raise the grade, with a written reason, and never lowers it. The MARAC criteria
(visible high risk, professional judgement, potential escalation, repeat) are
decided separately and each carries a plain-English reason.

Answers: factor id -> "yes" | "no" | "unknown". Only "yes" counts; "unknown"
counts as not yes, like a box left unticked on the paper checklist, which is
why the assessor is asked to use judgement where much is unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from safeplan.content import instruments as instrument_content
from safeplan.content.instruments import ANSWER_VALUES, Instrument
from safeplan.domain.marac import is_repeat, repeat_window_end

LEVELS = ("standard", "medium", "high")
# The instrument whose latest assessment sets a case's grade; every other is a supplementary screen.
CHECKLIST_ID = "ric"
MARAC_CRITERIA = ("visible_high_risk", "professional_judgement", "potential_escalation", "repeat")
# Spelt out here because calendar.month_name follows the process locale.
MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Problem(StrEnum):
    """Why an assessment cannot be graded."""

    THRESHOLDS_OUT_OF_ORDER = "thresholds_out_of_order"
    UNKNOWN_FACTORS = "unknown_factors"
    UNKNOWN_ANSWERS = "unknown_answers"
    UNANSWERED = "unanswered"
    NOT_A_DATE = "not_a_date"
    REFERRAL_AFTER_TODAY = "referral_after_today"
    NOT_A_WHOLE_NUMBER = "not_a_whole_number"
    NEGATIVE = "negative"
    UNKNOWN_JUDGEMENT = "unknown_judgement"
    REASON_MISSING = "reason_missing"
    REASON_WITHOUT_JUDGEMENT = "reason_without_judgement"
    BELOW_SCORE = "below_score"


class GradingError(ValueError):
    """The domain's refusal to grade, typed so that a caller can say it in its own words.

    ``field`` names the grade_assessment argument at fault ("answers", "judgement",
    "judgement_reason", "incidents_last_12_months", "last_marac_referral", "today"), or is
    None for the configuration; ``code`` says what is wrong; ``params`` holds what a
    message needs (the unanswered factor ids, the score's level ...). str() is a plain
    English sentence for logs and tests.
    """

    def __init__(self, message: str, *, field: str | None, code: Problem, params: Mapping[str, Any] | None = None):
        super().__init__(message)
        self.field = field
        self.code = code
        self.params: Mapping[str, Any] = MappingProxyType(dict(params or {}))


@dataclass(frozen=True)
class GradingConfig:
    """Overrides for one grading; None keeps the default from the content YAML.

    medium_from and high_from default to the thresholds of the instrument version
    being graded; escalation_incidents defaults to grading.yaml.
    """

    medium_from: int | None = None
    high_from: int | None = None
    escalation_incidents: int | None = None

    def __post_init__(self) -> None:
        for name in ("medium_from", "high_from", "escalation_incidents"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise ValueError(f"{name} must be a whole number of 1 or more, not {value!r}")


@dataclass(frozen=True)
class Grading:
    """The result of grading one assessment."""

    instrument_id: str
    instrument_version: int
    # The grade after professional judgement: "standard", "medium" or "high".
    level: str
    # The grade from the count of yes answers alone.
    score_level: str
    yes_count: int
    factor_count: int
    medium_from: int
    high_from: int
    # Incidents in 12 months from which "potential escalation" is met.
    escalation_from: int
    marac_criteria: frozenset[str]
    # criterion -> why it is met; only met criteria appear, in MARAC_CRITERIA order.
    reasons: Mapping[str, str] = field(hash=False)
    # Why the grade is what it is, in one sentence.
    level_reason: str
    judgement: str | None
    judgement_reason: str
    # Factor ids answered yes, in the order they are asked (e.g. to prefill a referral).
    yes_factors: tuple[str, ...]
    # Factor ids with no answer; empty unless graded with allow_incomplete=True.
    unanswered: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Return True if every factor was answered."""
        return not self.unanswered

    @property
    def marac_referral_indicated(self) -> bool:
        """Return True if any MARAC referral criterion is met."""
        return bool(self.marac_criteria)


@dataclass(frozen=True)
class Changes:
    """What changed between two sets of answers, for the assessment history."""

    newly_yes: tuple[str, ...]
    no_longer_yes: tuple[str, ...]
    # factor id -> (previous answer, current answer); None where a set has no answer.
    changed: Mapping[str, tuple[str | None, str | None]] = field(hash=False)

    @property
    def nothing_changed(self) -> bool:
        """Return True if every answer is the same in both sets."""
        return not self.changed


def default_config() -> GradingConfig:
    """Return the configuration from the content: grading.yaml and each instrument's thresholds."""
    return GradingConfig(escalation_incidents=_default_escalation_incidents())


def _default_escalation_incidents() -> int:
    return instrument_content.grading_settings().potential_escalation_incidents


def instrument_factor_ids(instrument_id: str, *, version: int | None = None) -> list[str]:
    """Return the factor ids of an instrument in the order they are asked (its current version by default)."""
    return list(instrument_content.instrument(instrument_id, version).factor_ids)


def grade_assessment(
    instrument_id: str,
    answers: Mapping[str, str],
    *,
    judgement: str | None = None,
    judgement_reason: str = "",
    incidents_last_12_months: int = 0,
    last_marac_referral: date | None = None,
    today: date | None = None,
    version: int | None = None,
    config: GradingConfig | None = None,
    allow_incomplete: bool = False,
) -> Grading:
    """Return the grading of an assessment made with an instrument: the one way to grade.

    version selects the instrument version (the current one when None); a stored
    assessment is re-scored with the version, date and settings it was made with.
    Every factor must be answered unless allow_incomplete is True, which is for
    previewing a draft: an unanswered factor then counts as not yes, so a draft's
    grade can only rise as it is completed. today is the date the assessment is
    made (today's date when None); pass the stored date to re-grade an old one.
    Raise UnknownInstrumentError (a ValueError) for an unknown instrument or version,
    and GradingError (a ValueError naming the field, a Problem code and its params) for
    an unknown factor id, answer value or judgement, missing answers, a judgement below
    the score or without a reason, a reason without a judgement, a bad incident count,
    or a referral after today.
    "repeat" holds when is_repeat(today, [last_marac_referral]) (safeplan.domain.marac):
    the referral was before today and at most 12 calendar months before it; a
    referral made today is the referral for this incident, not a previous one.
    """
    instrument = instrument_content.instrument(instrument_id, version)
    settings = config or GradingConfig()
    medium_from = settings.medium_from or instrument.thresholds.medium
    high_from = settings.high_from or instrument.thresholds.high
    if not medium_from < high_from <= len(instrument.factors):
        raise GradingError(
            f"thresholds must be ordered: medium ({medium_from}) < high ({high_from}) "
            f"<= number of factors ({len(instrument.factors)})",
            field=None,
            code=Problem.THRESHOLDS_OUT_OF_ORDER,
            params={"medium_from": medium_from, "high_from": high_from, "factors": len(instrument.factors)},
        )
    escalation_from = settings.escalation_incidents or _default_escalation_incidents()
    unanswered = _check_answers(instrument, answers, allow_incomplete=allow_incomplete)
    today = _check_date("today", date.today() if today is None else today)
    if last_marac_referral is not None:
        _check_date("last_marac_referral", last_marac_referral)
        if last_marac_referral > today:
            raise GradingError(
                f"the last MARAC referral ({last_marac_referral}) is after today ({today})",
                field="last_marac_referral",
                code=Problem.REFERRAL_AFTER_TODAY,
                params={"referral": last_marac_referral, "today": today},
            )
    if isinstance(incidents_last_12_months, bool) or not isinstance(incidents_last_12_months, int):
        raise GradingError(
            f"incidents_last_12_months must be a whole number, not {incidents_last_12_months!r}",
            field="incidents_last_12_months",
            code=Problem.NOT_A_WHOLE_NUMBER,
        )
    if incidents_last_12_months < 0:
        raise GradingError(
            f"incidents_last_12_months cannot be negative ({incidents_last_12_months})",
            field="incidents_last_12_months",
            code=Problem.NEGATIVE,
        )

    yes_factors = tuple(factor_id for factor_id in instrument.factor_ids if answers.get(factor_id) == "yes")
    yes_count = len(yes_factors)
    factor_count = len(instrument.factors)
    score_level = _level_for(yes_count, medium_from, high_from)
    score_reason = _score_reason(yes_count, factor_count, score_level, medium_from, high_from)
    if unanswered:
        score_reason += f"; {_plural(len(unanswered), 'factor')} not answered yet"

    level = score_level
    level_reason = f"{score_level.capitalize()}: {score_reason}"
    reasons: dict[str, str] = {}
    if score_level == "high":
        reasons["visible_high_risk"] = score_reason
    if judgement is not None:
        reason = _check_judgement(judgement, judgement_reason, score_level)
        if LEVELS.index(judgement) > LEVELS.index(score_level):
            level = judgement
            raised = f"Professional judgement raised the grade from {score_level} to {judgement}: {reason}"
            level_reason = f"{judgement.capitalize()}: raised from {score_level} by professional judgement: "
            level_reason += f"{_sentence(reason)} Score: {score_reason}"
            if judgement == "high":
                reasons["professional_judgement"] = raised
        else:
            level_reason += f". Professional judgement agrees: {_sentence(reason)}"
    elif judgement_reason.strip():
        # A written reason with no judgement is a form error; dropping it silently would lose it.
        raise GradingError(
            "a judgement reason was given without a judgement",
            field="judgement_reason",
            code=Problem.REASON_WITHOUT_JUDGEMENT,
        )
    if incidents_last_12_months >= escalation_from:
        reasons["potential_escalation"] = (
            f"{_plural(incidents_last_12_months, 'incident')} in the last 12 months "
            f"(potential escalation is {escalation_from} or more)"
        )
    if last_marac_referral is not None and is_repeat(today, [last_marac_referral]):
        reasons["repeat"] = (
            f"Last MARAC referral on {_long_date(last_marac_referral)}; a repeat is any incident in the "
            f"12 months after it, to {_long_date(repeat_window_end(last_marac_referral))}"
        )
    ordered = {criterion: reasons[criterion] for criterion in MARAC_CRITERIA if criterion in reasons}
    return Grading(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        level=level,
        score_level=score_level,
        yes_count=yes_count,
        factor_count=factor_count,
        medium_from=medium_from,
        high_from=high_from,
        escalation_from=escalation_from,
        marac_criteria=frozenset(ordered),
        reasons=MappingProxyType(ordered),
        level_reason=level_reason,
        judgement=judgement,
        judgement_reason=judgement_reason.strip() if judgement is not None else "",
        yes_factors=yes_factors,
        unanswered=unanswered,
    )


def current_grade(assessments: Iterable[tuple[datetime, str, str]]) -> str | None:
    """Return a case's risk grade from its completed assessments, or None when there are none.

    Rows are (completed_at, instrument_id, level) in any order. The latest "ric"
    checklist sets the grade; a supplementary screen (any other instrument)
    completed at or after it may raise the grade, never lower it. Screens from
    before the latest checklist no longer count: the checklist reassessed the
    whole picture. Without any "ric", the grade is the highest level of the
    screens. Two checklists completed at the same instant both count, so the
    higher wins and the grade never depends on the order of the rows.
    Raise ValueError for a naive or missing datetime or an unknown level.
    """
    rows = [_check_assessment_row(row) for row in assessments]
    if not rows:
        return None
    checklists = [completed_at for completed_at, instrument_id, _ in rows if instrument_id == CHECKLIST_ID]
    if checklists:
        latest = max(checklists)
        counted = [
            level
            for completed_at, instrument_id, level in rows
            if completed_at >= latest and (instrument_id != CHECKLIST_ID or completed_at == latest)
        ]
    else:
        counted = [level for _, _, level in rows]
    return max(counted, key=LEVELS.index)


def _check_assessment_row(row: tuple[datetime, str, str]) -> tuple[datetime, str, str]:
    completed_at, instrument_id, level = row
    if not isinstance(completed_at, datetime):
        raise ValueError(f"completed_at must be a datetime, not {completed_at!r}")
    if completed_at.tzinfo is None or completed_at.utcoffset() is None:
        raise ValueError(f"completed_at must be timezone-aware, not the naive {completed_at.isoformat()}")
    if not isinstance(instrument_id, str) or not instrument_id:
        raise ValueError(f"instrument_id must be a non-empty string, not {instrument_id!r}")
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; use one of {list(LEVELS)}")
    return completed_at, instrument_id, level


def changes_since(
    previous_answers: Mapping[str, str],
    current_answers: Mapping[str, str],
    *,
    factor_order: Sequence[str] = (),
) -> Changes:
    """Return the factors newly answered yes, no longer answered yes, and every changed answer.

    Factors are listed in factor_order (pass instrument_factor_ids(...)) and then
    any others in alphabetical order, because stored answers may not keep their
    order. A factor missing from one set (for example after a new instrument
    version) counts as not answered there.
    """
    for name, answers in (("previous_answers", previous_answers), ("current_answers", current_answers)):
        bad = sorted(factor for factor, value in answers.items() if value not in ANSWER_VALUES)
        if bad:
            raise ValueError(f"{name}: unknown answer values for {bad}; use {list(ANSWER_VALUES)}")
    known = set(previous_answers) | set(current_answers)
    ordered = [factor for factor in dict.fromkeys(factor_order) if factor in known]
    ordered += sorted(known - set(ordered))
    changed = {
        factor: (previous_answers.get(factor), current_answers.get(factor))
        for factor in ordered
        if previous_answers.get(factor) != current_answers.get(factor)
    }
    return Changes(
        newly_yes=tuple(factor for factor, (before, after) in changed.items() if after == "yes"),
        no_longer_yes=tuple(factor for factor, (before, after) in changed.items() if before == "yes"),
        changed=MappingProxyType(changed),
    )


def _check_answers(instrument: Instrument, answers: Mapping[str, str], *, allow_incomplete: bool) -> tuple[str, ...]:
    """Return the unanswered factor ids, after checking every id and value is known."""
    label = f"{instrument.id} v{instrument.version}"
    unknown_ids = sorted(set(answers) - set(instrument.factor_ids), key=str)
    if unknown_ids:
        raise GradingError(
            f"unknown factor ids for {label}: {unknown_ids}",
            field="answers",
            code=Problem.UNKNOWN_FACTORS,
            params={"factors": unknown_ids},
        )
    bad_values = {factor: value for factor, value in answers.items() if value not in ANSWER_VALUES}
    if bad_values:
        shown = ", ".join(f"{factor}={value!r}" for factor, value in bad_values.items())
        raise GradingError(
            f"unknown answer values ({shown}); use {list(ANSWER_VALUES)}",
            field="answers",
            code=Problem.UNKNOWN_ANSWERS,
            params={"factors": sorted(bad_values)},
        )
    missing = tuple(factor_id for factor_id in instrument.factor_ids if factor_id not in answers)
    if missing and not allow_incomplete:
        raise GradingError(
            f"{label}: {_plural(len(missing), 'factor')} not answered: {list(missing)}",
            field="answers",
            code=Problem.UNANSWERED,
            params={"factors": missing},
        )
    return missing


def _check_judgement(judgement: str, judgement_reason: str, score_level: str) -> str:
    """Return the stripped reason, after checking the judgement may be applied to this score."""
    if judgement not in LEVELS:
        raise GradingError(
            f"unknown judgement {judgement!r}; use one of {list(LEVELS)}",
            field="judgement",
            code=Problem.UNKNOWN_JUDGEMENT,
        )
    reason = judgement_reason.strip()
    if not reason:
        raise GradingError(
            "a professional judgement needs a written reason", field="judgement_reason", code=Problem.REASON_MISSING
        )
    if LEVELS.index(judgement) < LEVELS.index(score_level):
        raise GradingError(
            "professional judgement can raise the grade but never lower it: "
            f"{judgement} is below the score's {score_level}",
            field="judgement",
            code=Problem.BELOW_SCORE,
            params={"judgement": judgement, "score_level": score_level},
        )
    return reason


def _check_date(name: str, value: date) -> date:
    # datetime is a subclass of date but cannot be compared with one.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise GradingError(f"{name} must be a date, not {value!r}", field=name, code=Problem.NOT_A_DATE)
    return value


def _level_for(yes_count: int, medium_from: int, high_from: int) -> str:
    if yes_count >= high_from:
        return "high"
    if yes_count >= medium_from:
        return "medium"
    return "standard"


def _score_reason(yes_count: int, factor_count: int, level: str, medium_from: int, high_from: int) -> str:
    if level == "high":
        band = f"{high_from} or more"
    elif level == "medium":
        band = f"{medium_from}" if medium_from == high_from - 1 else f"{medium_from} to {high_from - 1}"
    else:
        band = "0" if medium_from == 1 else f"{medium_from - 1} or fewer"
    return f"{yes_count} of {factor_count} factors answered yes ({level} risk is {band})"


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month]} {day.year}"
