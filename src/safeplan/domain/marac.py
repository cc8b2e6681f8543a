"""MARAC rules that need no database: when a new incident makes a case a repeat.

A repeat (the MARAC definition) is any incident within 12 months after a
previous referral to a MARAC. The referral day itself is not "after" it: a
decision recorded the same day as the incident is the referral for that
incident, not a previous one.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

# A referral counts towards a repeat for this many calendar months after it.
REPEAT_WINDOW_MONTHS = 12


def add_months(day: date, months: int) -> date:
    """Return the same day `months` calendar months later (or earlier when negative).

    When that day does not exist in the target month it is the month's last day:
    29 February plus 12 months is 28 February, 31 January plus one month is
    28 (or 29) February.
    """
    _check_date("day", day)
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    if not date.min.year <= year <= date.max.year:
        raise ValueError(f"{day.isoformat()} plus {months} months is out of the calendar's range")
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def repeat_window_end(referral: date) -> date:
    """Return the last day on which an incident counts as a repeat of this referral."""
    return add_months(referral, REPEAT_WINDOW_MONTHS)


def is_repeat(incident_on: date, referrals: Iterable[date]) -> bool:
    """Return True when some referral r has r < incident_on <= r + 12 calendar months.

    An incident on a referral's own day is not a repeat of it; 29 February plus
    12 months is 28 February. Raise ValueError when a value is not a date (a
    datetime is refused too: it would compare by the wrong rule).
    """
    _check_date("incident_on", incident_on)
    for referral in referrals:
        _check_date("referral", referral)
        if referral < incident_on <= _window_end_or_max(referral):
            return True
    return False


def _window_end_or_max(referral: date) -> date:
    # A referral in the calendar's last year still has a window; it just ends at the end of time.
    try:
        return repeat_window_end(referral)
    except ValueError:
        return date.max


def _check_date(name: str, value: date) -> date:
    # datetime is a subclass of date but cannot be compared with one.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(f"{name} must be a date, not {value!r}")
    return value


# --- Referral rules -------------------------------------------------------------------------
# Each MARAC sets its own thresholds and consent rule (SafeLives defaults: 14 yes answers,
# 3 incidents in 12 months; some areas refer 17+ automatically and need consent below that).

VISIBLE_HIGH_RISK = "visible_high_risk"
PROFESSIONAL_JUDGEMENT = "professional_judgement"
POTENTIAL_ESCALATION = "potential_escalation"
REPEAT = "repeat"
GROUNDS = (VISIBLE_HIGH_RISK, PROFESSIONAL_JUDGEMENT, POTENTIAL_ESCALATION, REPEAT)

CONSENT_GIVEN = "given"
CONSENT_REFUSED = "refused"
CONSENT_NOT_ASKED_UNSAFE = "not_asked_unsafe"
CONSENT_ANSWERS = (CONSENT_GIVEN, CONSENT_REFUSED, CONSENT_NOT_ASKED_UNSAFE)


class ReferralProblem(StrEnum):
    NO_GROUNDS = "no_grounds"
    UNKNOWN_CONSENT = "unknown_consent"
    CONSENT_NEEDED = "consent_needed"
    REASON_NEEDED = "reason_needed"
    BASIS_NEEDED = "basis_needed"


class ReferralError(ValueError):
    """The domain's refusal of a referral: ``field`` (or None for the whole referral), ``code``, ``params``."""

    def __init__(
        self, message: str, *, field: str | None, code: ReferralProblem, params: Mapping[str, Any] | None = None
    ):
        super().__init__(message)
        self.field = field
        self.code = code
        self.params: Mapping[str, Any] = MappingProxyType(dict(params or {}))


@dataclass(frozen=True)
class Thresholds:
    """One MARAC's referral thresholds and consent rule."""

    visible_high_risk_from: int = 14
    escalation_incidents: int = 3
    automatic_from: int | None = None
    consent_needed_below_automatic: bool = False


def referral_grounds(
    *, yes_count: int, incidents_last_12_months: int, judgement_high: bool, repeat: bool, thresholds: Thresholds
) -> tuple[str, ...]:
    """Return the grounds a referral meets under this MARAC's thresholds, in the order of GROUNDS."""
    met = {
        VISIBLE_HIGH_RISK: yes_count >= thresholds.visible_high_risk_from,
        PROFESSIONAL_JUDGEMENT: judgement_high,
        POTENTIAL_ESCALATION: incidents_last_12_months >= thresholds.escalation_incidents,
        REPEAT: repeat,
    }
    return tuple(ground for ground in GROUNDS if met[ground])


def is_automatic(yes_count: int, thresholds: Thresholds) -> bool:
    """Return True when the score alone refers the case, whatever the victim's wishes."""
    return thresholds.automatic_from is not None and yes_count >= thresholds.automatic_from


def consent_required(yes_count: int, thresholds: Thresholds) -> bool:
    """Return True when this MARAC needs the victim's consent for a referral with this score."""
    return thresholds.consent_needed_below_automatic and not is_automatic(yes_count, thresholds)


def check_referral(
    *,
    grounds: Iterable[str],
    yes_count: int,
    consent: str,
    no_consent_reason: str,
    lawful_basis: str,
    thresholds: Thresholds,
) -> None:
    """Raise ReferralError unless the referral may go to this MARAC.

    It needs at least one ground; the consent answer is one of CONSENT_ANSWERS; below the
    automatic score of a MARAC that asks for consent, only a referral with consent may go;
    without consent, the reason and the lawful basis for sharing are both required.
    """
    if not tuple(grounds):
        raise ReferralError("no referral criterion is met", field=None, code=ReferralProblem.NO_GROUNDS)
    if consent not in CONSENT_ANSWERS:
        raise ReferralError(
            f"unknown consent answer {consent!r}", field="consent", code=ReferralProblem.UNKNOWN_CONSENT
        )
    if consent == CONSENT_GIVEN:
        return
    if consent_required(yes_count, thresholds):
        raise ReferralError(
            "this MARAC needs consent below its automatic score",
            field="consent",
            code=ReferralProblem.CONSENT_NEEDED,
            params={"automatic_from": thresholds.automatic_from, "yes_count": yes_count},
        )
    if not no_consent_reason.strip():
        raise ReferralError(
            "a referral without consent needs its reason", field="no_consent_reason", code=ReferralProblem.REASON_NEEDED
        )
    if not lawful_basis.strip():
        raise ReferralError(
            "a referral without consent needs its lawful basis", field="lawful_basis", code=ReferralProblem.BASIS_NEEDED
        )
