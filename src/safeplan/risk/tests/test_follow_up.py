"""What an assessment leaves to do: the routine review and a MARAC decision, in the owner's and supervisor's queues."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from safeplan.accounts import demo as account_demo
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases import demo as case_demo
from safeplan.cases.services import case_hand_over
from safeplan.marac import demo as marac_demo
from safeplan.marac.services.decisions import marac_decision_record
from safeplan.personas import World
from safeplan.risk import demo as risk_demo
from safeplan.testing.risk import make_assessment
from safeplan.testing.signin import sign_in_verified
from safeplan.timeline.models import Obligation
from safeplan.timeline.services import obligation_complete

pytestmark = pytest.mark.django_db


def reviews(world: World) -> list[Obligation]:
    return list(Obligation.objects.filter(case=world.case, kind=Obligation.Kind.REVIEW_RISK).order_by("pk"))


def page(user: object, path: str) -> str:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client.get(path).content.decode()


def test_a_checklist_opens_its_routine_review_for_the_responsible_officer(world: World) -> None:
    at = timezone.now() - timedelta(days=3)
    made = make_assessment(world.case, world.alice, yes=11, at=at)
    [review] = reviews(world)
    assert (review.owner, review.owner_role, review.asked_by_assessment_id) == (
        world.alice,
        "responsible_officer",
        made.pk,
    )
    assert review.due_at == at + timedelta(days=settings.RISK_REVIEW_DAYS["medium"])
    assert review.done_at is None
    opened = AuditEvent.objects.get(verb=Verb.OBLIGATION_OPENED, target_id=str(review.pk))
    assert (opened.actor, opened.case_id, opened.detail["kind"]) == (world.alice, world.case.pk, "review_risk")


def test_an_overdue_review_is_in_the_owners_queue_and_the_supervisors_overdue_view(world: World) -> None:
    made = make_assessment(world.case, world.alice, yes=2, at=timezone.now() - timedelta(days=60))
    mine = page(world.alice, "/cases/obligations/")
    assert "Routine risk review" in mine
    assert f"/cases/{world.case.pk}/risk/{made.pk}/" in mine
    assert f"/cases/{world.case.pk}/risk/new/ric/" in mine
    overdue = page(world.sue, "/cases/obligations/team-overdue/")
    assert "Routine risk review" in overdue
    assert world.case.reference in overdue
    assert world.case.reference not in page(world.charlie, "/cases/obligations/")
    assert world.case.reference not in page(world.south_supervisor, "/cases/obligations/team-overdue/")


def test_the_next_checklist_answers_the_review_and_opens_the_next(world: World) -> None:
    first = make_assessment(world.case, world.alice, yes=2, at=timezone.now() - timedelta(days=60))
    second = make_assessment(world.case, world.alice, yes=3)
    old, new = reviews(world)
    assert (old.asked_by_assessment_id, old.answered_by_assessment_id, old.completion) == (
        first.pk,
        second.pk,
        "assessment",
    )
    assert new.asked_by_assessment_id == second.pk
    assert new.done_at is None


def test_a_screen_that_raises_the_grade_brings_the_review_forward(world: World) -> None:
    at = timezone.now() - timedelta(days=10)
    make_assessment(world.case, world.alice, yes=2, at=at)
    [review] = reviews(world)
    assert review.due_at == at + timedelta(days=settings.RISK_REVIEW_DAYS["standard"])
    screen = make_assessment(world.case, world.alice, instrument_id="stalking", yes=11)
    [review] = reviews(world)
    assert review.due_at == at + timedelta(days=settings.RISK_REVIEW_DAYS[screen.case_grade_after])
    assert review.done_at is None
    moved = AuditEvent.objects.get(verb=Verb.OBLIGATION_RESCHEDULED)
    assert (moved.actor, moved.target_id) == (world.alice, str(review.pk))


def test_a_screen_that_changes_nothing_leaves_the_review_alone(world: World) -> None:
    make_assessment(world.case, world.alice, yes=15, at=timezone.now() - timedelta(days=2))
    [before] = reviews(world)
    make_assessment(world.case, world.alice, instrument_id="stalking", yes=1)
    [after] = reviews(world)
    assert (after.pk, after.due_at, after.done_at) == (before.pk, before.due_at, None)
    assert not AuditEvent.objects.filter(verb=Verb.OBLIGATION_RESCHEDULED).exists()


def test_criteria_without_a_decision_are_an_obligation_until_the_decision(world: World) -> None:
    high = make_assessment(world.case, world.alice, yes=15)
    decision = Obligation.objects.get(kind=Obligation.Kind.MARAC_DECISION)
    assert (decision.owner, decision.asked_by_assessment_id, decision.done_at) == (world.alice, high.pk, None)
    assert decision.due_at > high.created_at
    mine = page(world.alice, "/cases/obligations/")
    assert "Decide on a MARAC referral" in mine
    assert f"/cases/{world.case.pk}/risk/{high.pk}/marac-decision/" in mine
    with pytest.raises(ValidationError, match="Record the MARAC decision"):
        obligation_complete(actor=world.alice, obligation=decision, note="Done elsewhere, honestly.")
    made = marac_decision_record(actor=world.alice, assessment=high, decision="refer", reason="Visible high risk")
    decision.refresh_from_db()
    assert (decision.completion, decision.answered_by_marac_decision_id, decision.done_by) == (
        "marac_decision",
        made.pk,
        world.alice,
    )


def test_a_second_assessment_meeting_the_criteria_does_not_open_a_second_decision(world: World) -> None:
    make_assessment(world.case, world.alice, yes=15, at=timezone.now() - timedelta(days=1))
    make_assessment(world.case, world.alice, yes=16)
    assert Obligation.objects.filter(kind=Obligation.Kind.MARAC_DECISION, done_at__isnull=True).count() == 1


def test_no_decision_is_asked_for_below_the_criteria(world: World) -> None:
    make_assessment(world.case, world.alice, yes=5)
    assert not Obligation.objects.filter(kind=Obligation.Kind.MARAC_DECISION).exists()


def test_the_review_and_the_decision_move_with_the_responsible_officer(world: World) -> None:
    make_assessment(world.case, world.alice, yes=15)
    case_hand_over(actor=world.alice, case=world.case, duty="responsible_officer", to_user=world.bob, reason="leave")
    owners = set(
        Obligation.objects.filter(case=world.case, done_at__isnull=True).values_list("kind", "owner__username")
    )
    assert owners == {("review_risk", "bob"), ("marac_decision", "bob")}


def test_the_demo_cases_show_overdue_reviews_and_undecided_referrals() -> None:
    account_demo.load()
    case_demo.load()
    risk_demo.load()
    marac_demo.load()
    now = timezone.now()
    open_rows = Obligation.objects.filter(case__is_demo=True, done_at__isnull=True)
    assert open_rows.filter(kind=Obligation.Kind.REVIEW_RISK, due_at__lt=now).exists()
    assert open_rows.filter(kind=Obligation.Kind.MARAC_DECISION, due_at__lt=now).exists()
    assert Obligation.objects.filter(
        case__is_demo=True, kind=Obligation.Kind.MARAC_DECISION, completion="marac_decision"
    ).exists()
