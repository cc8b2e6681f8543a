"""The demo tech safety checks and scans: synthetic, through the real services, loaded once."""

from __future__ import annotations

import pytest

from safeplan.accounts import demo as account_demo
from safeplan.cases import demo as case_demo
from safeplan.techsafety import demo
from safeplan.techsafety.models import TechCheck, TechScan

pytestmark = pytest.mark.django_db


def test_the_demo_gives_demo_cases_a_check_and_two_a_scan_once() -> None:
    account_demo.load()
    case_demo.load()
    assert demo.load() == demo.CHECKS
    assert demo.load() == demo.CHECKS
    assert TechCheck.objects.count() == demo.CHECKS
    assert TechScan.objects.count() == demo.SCANS
    assert {check.case.is_demo for check in TechCheck.objects.select_related("case")} == {True}
    findings = TechScan.objects.first().findings["findings"]  # type: ignore[union-attr]
    assert ("stalkerware", "com.apspy.app") in {(f["kind"], f["package"]) for f in findings}
