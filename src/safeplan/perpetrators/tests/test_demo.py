"""The demo shows a serial perpetrator: one synthetic suspect on two victims' demo cases, flagged once."""

from __future__ import annotations

import pytest

from safeplan.accounts import demo as account_demo
from safeplan.cases import demo as case_demo
from safeplan.perpetrators import demo
from safeplan.perpetrators.models import Custody, IndexEntry, Order, Perpetrator, PerpetratorPlan, ReleaseTrigger

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_flagged_serial_perpetrator_across_two_teams_once() -> None:
    account_demo.load()
    case_demo.load()
    assert demo.load() == 2
    assert demo.load() == 2
    entries = IndexEntry.objects.filter(date_of_birth=demo.SERIAL_BORN).select_related("perpetrator", "person__case")
    assert len({e.perpetrator_id for e in entries}) == 1
    assert len({e.team_id for e in entries}) == 2
    assert all(e.person is not None and e.person.case.is_demo for e in entries)
    flagged = Perpetrator.objects.filter(flagged_at__isnull=False)
    assert entries[0].perpetrator in flagged


def test_the_demo_has_an_order_ending_soon_and_a_prisoner_due_for_release() -> None:
    account_demo.load()
    case_demo.load()
    demo.load()
    demo.load()
    order = Order.objects.get()
    assert order.expiry_event_id is not None
    custody = Custody.objects.get()
    assert custody.expected_release_on is not None
    assert ReleaseTrigger.objects.filter(custody=custody, event_id__isnull=False).exists()
    assert PerpetratorPlan.objects.get(perpetrator=custody.perpetrator).due_by is not None
