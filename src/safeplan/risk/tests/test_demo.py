"""The demo risk histories: synthetic, loaded once, and each assessment re-scores to what it stores."""

from __future__ import annotations

import pytest

from safeplan.accounts import demo as account_demo
from safeplan.cases import demo as case_demo
from safeplan.risk import demo
from safeplan.risk.models import Assessment

pytestmark = pytest.mark.django_db


def test_the_demo_gives_open_demo_cases_a_history_once() -> None:
    account_demo.load()
    case_demo.load()
    made = demo.load()
    assert made > 10
    assert demo.load() == made
    assert Assessment.objects.count() == made
    assert {a.case.is_demo for a in Assessment.objects.select_related("case")} == {True}
    assert Assessment.objects.filter(level="high").exists()
    for assessment in Assessment.objects.all():
        assert assessment.matches(assessment.regrade())
        assert assessment.victim_account == "" or assessment.victim_account.startswith("Synthetic")
