"""A new assessment answers the reassessments that trigger points asked for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safeplan.personas import World
from safeplan.testing.risk import make_assessment
from safeplan.timeline.models import Obligation
from safeplan.timeline.services import event_record

pytestmark = pytest.mark.django_db


def test_submitting_an_assessment_completes_the_open_reassessments(world: World) -> None:
    event_record(
        actor=world.alice,
        case=world.case,
        type_id="new_incident",
        occurred_at=timezone.now() - timedelta(hours=1),
        fields={"what_happened": "Synthetic: a further incident was reported."},
    )
    reassess = Obligation.objects.get(case=world.case, kind=Obligation.Kind.REASSESS)
    review = Obligation.objects.get(case=world.case, kind=Obligation.Kind.REVIEW_PLAN)
    assert reassess.done_at is None

    assessment = make_assessment(world.case, world.alice, yes=3)

    reassess.refresh_from_db()
    review.refresh_from_db()
    assert reassess.done_at is not None
    assert reassess.answered_by_assessment_id == assessment.pk
    assert review.done_at is None, "a risk assessment does not answer a plan review"
