"""A plan review obligation from the timeline is answered by the version that reviewed the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.conftest import World
from safeplan.plans import reviews
from safeplan.plans.testing import saved_version
from safeplan.plans.tests.conftest import plan_url

timeline = pytest.importorskip("safeplan.timeline.services", reason="the timeline app is not in the tree")


def trigger(world: World) -> None:
    """Record a trigger event that asks for a plan review (the first such type with no fields to fill)."""
    from safeplan.content.events import event_rules

    event_type = next(t for t in event_rules().event_types if t.review_plan_within_working_days and not t.fields)
    timeline.event_record(
        actor=world.alice, case=world.case, type_id=event_type.id, occurred_at=timezone.now() - timedelta(hours=1)
    )


def review_obligations(world: World):  # type: ignore[no-untyped-def]
    from safeplan.timeline.models import Obligation

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
    assert reviews.record_plan_review(actor=world.alice, case=world.case, version=version) == 0


def test_without_the_timeline_functions_it_does_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reviews, "_timeline_function", lambda module, name: None)
    trigger(world)
    version = saved_version(world.case, world.alice)
    assert review_obligations(world).get().done_at is None
    assert reviews.record_plan_review(actor=world.alice, case=world.case, version=version) == 0
    assert reviews.open_reviews(world.case) == []
