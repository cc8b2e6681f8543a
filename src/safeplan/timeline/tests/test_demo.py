"""The demo timelines load once, obey the safe contact rules, and fill every part of the work queue."""

from __future__ import annotations

import pytest

from safeplan.accounts import demo as account_demo
from safeplan.cases import demo as case_demo
from safeplan.timeline import demo
from safeplan.timeline.models import CaseEvent, NotificationRecord, Obligation


@pytest.mark.django_db
def test_the_demo_loader_is_idempotent_and_synthetic() -> None:
    account_demo.load()
    case_demo.load()
    first = demo.load()
    assert first == CaseEvent.objects.count() > 8
    assert demo.load() == first
    assert CaseEvent.objects.count() == first
    assert all(event.case.is_demo for event in CaseEvent.objects.select_related("case"))
    states = {o.state() for o in Obligation.objects.all()}
    assert {"done", "overdue", "upcoming"} <= states
    assert NotificationRecord.objects.exists()
