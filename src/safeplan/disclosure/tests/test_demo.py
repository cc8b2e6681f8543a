"""The demo has Clare's Law requests at every stage, one about the serial perpetrator, one decided late."""

from __future__ import annotations

import pytest

from safeplan.accounts import demo as account_demo
from safeplan.cases import demo as case_demo
from safeplan.disclosure import demo
from safeplan.disclosure.models import DisclosureRequest
from safeplan.perpetrators import demo as perpetrators_demo
from safeplan.perpetrators.models import IndexEntry

pytestmark = pytest.mark.django_db


def test_the_demo_has_requests_at_every_stage_once() -> None:
    account_demo.load()
    case_demo.load()
    perpetrators_demo.load()
    assert demo.load() == len(demo.REQUESTS)
    assert demo.load() == len(demo.REQUESTS)
    requests = list(DisclosureRequest.objects.prefetch_related("disclosures", "reassessments"))
    assert all(r.is_demo for r in requests)
    stages = {r.stage for r in requests}
    assert {"initial_contact", "face_to_face", "checks", "forum", "disclose", "closed"} <= stages
    (late,) = [r for r in requests if r.late_reason]
    assert late.late_reason.startswith("Synthetic")
    assert late.decided_at is not None
    assert late.decided_at > late.decision_due
    subject = IndexEntry.objects.get(
        disclosure_id__in=[r.pk for r in requests if r.subject_name == perpetrators_demo.SERIAL_NAME]
    )
    assert subject.perpetrator.entries.filter(source="suspect").count() == 2
