"""A plan review obligation from the timeline is answered by the version that reviewed the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.plans import reviews
from safeplan.testing.plans import plan_url, saved_version
from safeplan.timeline import services as timeline
from safeplan.timeline.models import Obligation


def trigger(world: World) -> None:
    """Record a trigger event that asks for a plan review (the first such type with no fields to fill)."""
    from safeplan.content.events import event_rules

    event_type = next(t for t in event_rules().event_types if t.review_plan_within_working_days and not t.fields)
    timeline.event_record(
        actor=world.alice, case=world.case, type_id=event_type.id, occurred_at=timezone.now() - timedelta(hours=1)
    )


def review_obligations(world: World) -> QuerySet[Obligation]:
    return Obligation.objects.filter(case=world.case, kind="review_plan")


def test_saving_a_version_answers_the_open_plan_reviews(world: World) -> None:
    trigger(world)
    assert review_obligations(world).filter(done_at__isnull=True).count() == 1
    version = saved_version(world.case, world.alice)
    obligation = review_obligations(world).get()
    assert obligation.done_at is not None
    assert obligation.answered_by_plan_version_id == version.pk
    assert obligation.completion == "plan_version"
    assert AuditEvent.objects.get(verb=Verb.PLAN_VERSION_SAVED).detail["answered_reviews"] == 1
    assert AuditEvent.objects.filter(verb=Verb.OBLIGATION_COMPLETED).exists()


def test_the_pages_show_reviews_due_and_the_version_that_answered_them(world: World, alice_client: Client) -> None:
    trigger(world)
    html = alice_client.get(plan_url(world, "build/")).content.decode()
    assert 'id="open-reviews"' in html
    version = saved_version(world.case, world.alice)
    html = alice_client.get(plan_url(world, f"versions/{version.pk}/")).content.decode()
    assert 'id="answered-reviews"' in html
    assert reviews.open_reviews(world.case) == []
    assert len(reviews.answered_reviews(version)) == 1


def test_with_no_open_review_nothing_is_completed(world: World) -> None:
    version = saved_version(world.case, world.alice)
    assert (
        timeline.obligations_answer(actor=world.alice, case=world.case, kind="review_plan", answer_id=version.pk) == []
    )
    assert AuditEvent.objects.get(verb=Verb.PLAN_VERSION_SAVED).detail["answered_reviews"] == 0


def test_a_plan_version_answers_plan_reviews_and_leaves_reassessments_open(world: World) -> None:
    trigger(world)
    reassessments = Obligation.objects.filter(case=world.case, kind="reassess", done_at__isnull=True)
    before = reassessments.count()
    assert before >= 1
    version = saved_version(world.case, world.alice)
    assert review_obligations(world).get().done_at is not None
    assert reassessments.count() == before
    assert reviews.open_reviews(world.case) == []
    assert len(reviews.answered_reviews(version)) == 1


def test_only_a_reassessment_or_a_plan_review_is_answered_by_a_new_record(world: World) -> None:
    with pytest.raises(ValueError, match="notify"):
        timeline.obligations_answer(actor=world.alice, case=world.case, kind="notify", answer_id=1)
