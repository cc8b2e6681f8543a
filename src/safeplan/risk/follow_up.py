"""The work a new risk assessment leaves behind: the routine review, a MARAC decision, a supervisor's check.

Each is an obligation (safeplan.timeline), so it appears in its owner's queue, is reminded
on its due day and escalates to the supervisor when overdue, like the obligations that
events ask for. Called by services.assessment_create inside its transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_noop

from safeplan.accounts.models import Role, User
from safeplan.cases.models import Case
from safeplan.domain.risk import CHECKLIST_ID
from safeplan.domain.workdays import working_day_deadline
from safeplan.risk.models import Assessment
from safeplan.risk.selectors import CaseGrade
from safeplan.timeline.models import Obligation
from safeplan.timeline.selectors import open_obligations
from safeplan.timeline.services import (
    case_nation,
    obligation_open,
    obligation_reschedule,
    obligations_answer,
)

# Working days to decide on a MARAC referral, or for a supervisor to check a lowered grade.
DECISION_WORKING_DAYS = 1
RESCHEDULED = gettext_noop("a supplementary screen changed the case's grade")


def routine_review(*, actor: User, case: Case, assessment: Assessment, grade: CaseGrade, now: datetime) -> None:
    """Answer the open routine review with a checklist and open the next; move it when a screen changes the grade.

    A screen does not stand in for the full checklist, so it never answers the review; it
    brings it forward when it raises the grade (see selectors.case_grade for the due date).
    """
    assert grade.review_due is not None
    reviews = list(open_obligations(case, kind=Obligation.Kind.REVIEW_RISK))
    if assessment.instrument_id == CHECKLIST_ID or not reviews:
        obligations_answer(
            actor=actor, case=case, kind=Obligation.Kind.REVIEW_RISK, answer_id=assessment.pk, completed_at=now
        )
        obligation_open(
            actor=actor,
            case=case,
            kind=Obligation.Kind.REVIEW_RISK,
            owner=case.responsible_officer,
            owner_role=Obligation.OwnerRole.RESPONSIBLE_OFFICER,
            due_at=grade.review_due,
            asked_by_assessment_id=assessment.pk,
        )
        return
    for review in reviews:
        obligation_reschedule(actor=actor, obligation=review, due_at=grade.review_due, reason=RESCHEDULED)


def marac_decision(*, actor: User, case: Case, assessment: Assessment, now: datetime) -> None:
    """Open a decision on a MARAC referral for an assessment that meets the criteria, unless one is open."""
    if open_obligations(case, kind=Obligation.Kind.MARAC_DECISION).exists():
        return
    obligation_open(
        actor=actor,
        case=case,
        kind=Obligation.Kind.MARAC_DECISION,
        owner=case.responsible_officer,
        owner_role=Obligation.OwnerRole.RESPONSIBLE_OFFICER,
        due_at=working_day_deadline(now, DECISION_WORKING_DAYS, case_nation(case)),
        asked_by_assessment_id=assessment.pk,
    )


def supervisor_for(case: Case, actor: User) -> User | None:
    """Return the supervisor of the case's team who is told of a lowered grade: not the one who lowered it."""
    return (
        User.objects.people()
        .filter(role=Role.SUPERVISOR, is_active=True, team_id=case.team_id)
        .exclude(pk=actor.pk)
        .order_by("pk")
        .first()
    )


def lowered_grade(*, actor: User, case: Case, assessment: Assessment, now: datetime) -> Obligation | None:
    """Ask the team's supervisor to check a checklist that lowered the grade; None when there is no one to ask."""
    supervisor = supervisor_for(case, actor)
    if supervisor is None:
        return None
    return obligation_open(
        actor=actor,
        case=case,
        kind=Obligation.Kind.CHECK_LOWERED_GRADE,
        owner=supervisor,
        owner_role=Obligation.OwnerRole.SUPERVISOR,
        due_at=working_day_deadline(now, DECISION_WORKING_DAYS, case_nation(case)),
        asked_by_assessment_id=assessment.pk,
    )
