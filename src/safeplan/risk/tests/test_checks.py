"""The start-up check of the risk settings."""

from __future__ import annotations

import pytest

from safeplan.risk.checks import check_risk_settings


def ids(settings: object) -> list[str]:
    return [message.id for message in check_risk_settings()]


def test_the_defaults_pass(settings: object) -> None:
    assert ids(settings) == []


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("RISK_REVIEW_DAYS", {"urgent": 1}, "safeplan.risk.E001"),
        ("RISK_REVIEW_DAYS", {"high": 7, "medium": 28}, "safeplan.risk.E001"),
        ("RISK_REVIEW_DAYS", {"high": 0, "medium": 28, "standard": 56}, "safeplan.risk.E001"),
        ("RISK_REVIEW_DAYS", {"high": "7", "medium": 28, "standard": 56}, "safeplan.risk.E001"),
        ("RISK_REVIEW_DAYS", {"high": 90, "medium": 28, "standard": 56}, "safeplan.risk.W001"),
        ("RISK_DRAFT_DAYS", 0, "safeplan.risk.E002"),
        ("RISK_ESCALATION_INCIDENTS", -1, "safeplan.risk.E002"),
    ],
)
def test_a_bad_setting_is_reported(settings: object, name: str, value: object, expected: str) -> None:
    setattr(settings, name, value)
    assert ids(settings) == [expected]


def test_good_settings_pass(settings: object) -> None:
    settings.RISK_REVIEW_DAYS = {"high": 3, "medium": 14, "standard": 28}  # type: ignore[attr-defined]
    settings.RISK_DRAFT_DAYS = 3  # type: ignore[attr-defined]
    settings.RISK_ESCALATION_INCIDENTS = 4  # type: ignore[attr-defined]
    assert ids(settings) == []


def test_no_escalation_threshold_leaves_the_contents_in_force(settings: object) -> None:
    settings.RISK_ESCALATION_INCIDENTS = None  # type: ignore[attr-defined]
    assert ids(settings) == []
