"""Risk settings: review intervals, draft lifetime and local MARAC thresholds.

Each reads an optional Django setting and falls back to the default here, so a
deployment changes them from the environment (see the README) and the code has
one place to ask.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from safeplan.content.instruments import grading_settings
from safeplan.domain.risk import LEVELS, GradingConfig

# Days from an assessment to its routine review, by grade. Trigger events
# (arrest, release, court...) call for a reassessment sooner, whatever is set here.
DEFAULT_REVIEW_DAYS = {"high": 7, "medium": 28, "standard": 56}
# A draft assessment is kept this long after it was last saved, then deleted.
DEFAULT_DRAFT_DAYS = 7


def review_days() -> dict[str, int]:
    """Return the days to the routine review for each grade (settings.RISK_REVIEW_DAYS over the defaults)."""
    configured = getattr(settings, "RISK_REVIEW_DAYS", None) or {}
    return {level: int(configured.get(level, DEFAULT_REVIEW_DAYS[level])) for level in LEVELS}


def draft_lifetime() -> timedelta:
    """Return how long an unsubmitted draft is kept (settings.RISK_DRAFT_DAYS)."""
    return timedelta(days=int(getattr(settings, "RISK_DRAFT_DAYS", None) or DEFAULT_DRAFT_DAYS))


def escalation_incidents() -> int:
    """Return the incidents in 12 months that meet "potential escalation" (local setting, else grading.yaml)."""
    configured = getattr(settings, "RISK_ESCALATION_INCIDENTS", None)
    return int(configured) if configured else grading_settings().potential_escalation_incidents


def grading_config() -> GradingConfig:
    """Return the grading configuration for a new assessment."""
    return GradingConfig(escalation_incidents=escalation_incidents())
