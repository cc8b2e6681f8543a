"""Start-up check: the risk settings, when a deployment sets them, make sense."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from safeplan.domain.risk import LEVELS
from safeplan.risk.config import DEFAULT_REVIEW_DAYS


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def check_risk_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Return an error for each risk setting that is not a whole number of 1 or more."""
    errors: list[checks.CheckMessage] = []
    review = getattr(settings, "RISK_REVIEW_DAYS", None)
    if review is not None:
        if not isinstance(review, dict) or set(review) - set(LEVELS):
            errors.append(
                checks.Error(f"RISK_REVIEW_DAYS must map grades {list(LEVELS)} to days", id="safeplan.risk.E001")
            )
        else:
            bad = sorted(level for level, days in review.items() if not _whole(days))
            if bad:
                errors.append(
                    checks.Error(f"RISK_REVIEW_DAYS for {bad} must be whole days of 1 or more", id="safeplan.risk.E001")
                )
            else:
                merged = {**DEFAULT_REVIEW_DAYS, **review}
                days = [merged[level] for level in LEVELS]
                if days != sorted(days, reverse=True):
                    errors.append(
                        checks.Warning(
                            "RISK_REVIEW_DAYS reviews a higher grade less often than a lower one",
                            id="safeplan.risk.W001",
                        )
                    )
    for name in ("RISK_DRAFT_DAYS", "RISK_ESCALATION_INCIDENTS"):
        value = getattr(settings, name, None)
        if value is not None and not _whole(value):
            errors.append(checks.Error(f"{name} must be a whole number of 1 or more", id="safeplan.risk.E002"))
    return errors
