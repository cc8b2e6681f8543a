"""Start-up check: the risk settings make sense together.

settings.py reads each one from the environment within its bounds; this check also
holds for values set in code (a test's override, a deployment's own settings module).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from safeplan.domain.risk import LEVELS


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def check_risk_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Return an error for each risk setting that is not a whole number of 1 or more."""
    errors: list[checks.CheckMessage] = []
    review = settings.RISK_REVIEW_DAYS
    if not isinstance(review, dict) or set(review) != set(LEVELS):
        errors.append(
            checks.Error(f"RISK_REVIEW_DAYS must map each grade {list(LEVELS)} to days", id="safeplan.risk.E001")
        )
    else:
        bad = sorted(level for level, days in review.items() if not _whole(days))
        if bad:
            errors.append(
                checks.Error(f"RISK_REVIEW_DAYS for {bad} must be whole days of 1 or more", id="safeplan.risk.E001")
            )
        elif [review[level] for level in LEVELS] != sorted((review[level] for level in LEVELS), reverse=True):
            errors.append(
                checks.Warning(
                    "RISK_REVIEW_DAYS reviews a higher grade less often than a lower one", id="safeplan.risk.W001"
                )
            )
    if not _whole(settings.RISK_DRAFT_DAYS):
        errors.append(checks.Error("RISK_DRAFT_DAYS must be a whole number of 1 or more", id="safeplan.risk.E002"))
    # None leaves the threshold of the content (grading.yaml) in force.
    if settings.RISK_ESCALATION_INCIDENTS is not None and not _whole(settings.RISK_ESCALATION_INCIDENTS):
        errors.append(
            checks.Error("RISK_ESCALATION_INCIDENTS must be a whole number of 1 or more", id="safeplan.risk.E002")
        )
    return errors
