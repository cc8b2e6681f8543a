"""Risk assessments: read a case's assessments, and make one from answers, graded by the same service as the form.

The grading, the judgement rule, the MARAC criteria, the reassessment it answers and the reviews
it opens are all safeplan.risk.services.assessment_create's: nothing is decided here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from safeplan.api.auth import require
from safeplan.api.idempotency import created_once
from safeplan.api.models import Scope
from safeplan.api.schemas import ERRORS, WRITE_ERRORS, coded
from safeplan.cases.freetext import redactor_for
from safeplan.cases.selectors import case_for, editable_case_for
from safeplan.risk import selectors as risk_selectors
from safeplan.risk import services as risk_services
from safeplan.risk.models import Assessment, Level, Trigger, VictimView

router = Router(tags=["assessments"])

# More answers than any instrument asks is not an assessment.
MAX_ANSWERS = 200


class AssessmentSummaryOut(Schema):
    id: int
    instrument_id: str = Field(..., description='The instrument: "ric" (the 24-factor checklist), "stalking"...')
    instrument_version: int
    level: str = coded(Level, "The grade this assessment gives.")
    yes_count: int
    factor_count: int
    marac_criteria: list[str] = Field(
        ...,
        description="MARAC criteria met: visible_high_risk, professional_judgement, potential_escalation, repeat.",
    )
    case_grade_before: str | None = Field(None, description="The case's grade before it (a level code), if any.")
    case_grade_after: str | None = Field(None, description="The case's grade after it (a level code).")
    created_at: datetime


class AssessmentOut(AssessmentSummaryOut):
    answers: dict[str, str] = Field(..., description='Factor id -> "yes", "no" or "unknown".')
    score_level: str = coded(Level, "The grade the answers alone give.")
    judgement: str | None = Field(None, description="The grade professional judgement raised it to (a level code).")
    judgement_reason: str
    incidents_last_12_months: int
    last_marac_referral: date | None
    assessed_on: date
    victim_view: str = coded(VictimView, "The victim's own view of the risk.")
    victim_account: str
    notes: str
    trigger: str = coded(Trigger, "What led to this assessment.")
    trigger_event_id: int | None
    lowering_reason: str
    assessed_by_id: int


class AssessmentIn(Schema):
    instrument_id: str = Field(..., max_length=80, description='"ric" or another instrument id.')
    answers: dict[str, str] = Field(..., description='Factor id -> "yes", "no" or "unknown", for every factor.')
    victim_view: str = Field(..., max_length=20, description="A victim view code.")
    trigger: str = Field(..., max_length=20, description="A trigger code.")
    trigger_event_id: int | None = Field(None, ge=1, le=2**62)
    incidents_last_12_months: int = Field(..., ge=0, le=10_000)
    last_marac_referral: date | None = None
    judgement: str | None = Field(None, max_length=10, description="A level code, to raise the grade.")
    judgement_reason: str = Field("", max_length=5000)
    victim_account: str = Field("", max_length=10_000)
    notes: str = Field("", max_length=10_000)
    lowering_reason: str = Field("", max_length=5000, description="Needed when this lowers the case's grade.")


def _summary(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "instrument_id": a.instrument_id,
        "instrument_version": a.instrument_version,
        "level": a.level,
        "yes_count": a.yes_count,
        "factor_count": a.factor_count,
        "marac_criteria": list(a.marac_criteria),
        "case_grade_before": a.case_grade_before or None,
        "case_grade_after": a.case_grade_after or None,
        "created_at": a.created_at,
    }


def _assessment(a: Assessment) -> AssessmentOut:
    # Free text is masked as on the assessment page: a confidential address typed into it is never read out.
    mask = redactor_for(a.case).mask
    return AssessmentOut(
        **_summary(a),
        answers=dict(a.answers),
        score_level=a.score_level,
        judgement=a.judgement or None,
        judgement_reason=mask(a.judgement_reason),
        incidents_last_12_months=a.incidents_last_12_months,
        last_marac_referral=a.last_marac_referral,
        assessed_on=a.assessed_on,
        victim_view=a.victim_view,
        victim_account=mask(a.victim_account),
        notes=mask(a.notes),
        trigger=a.trigger,
        trigger_event_id=a.trigger_event_id,
        lowering_reason=mask(a.lowering_reason),
        assessed_by_id=a.assessed_by_id,
    )


@router.get(
    "/cases/{int:case_id}/assessments",
    response={200: list[AssessmentSummaryOut], **ERRORS},
    summary="A case's risk assessments, oldest first (grades and criteria, no answers)",
)
def list_assessments(request: HttpRequest, case_id: int) -> list[AssessmentSummaryOut]:
    who = require(request, Scope.READ_ASSESSMENTS)
    case = case_for(who.user, case_id)
    risk_services.history_viewed(actor=who.user, case=case)
    return [AssessmentSummaryOut(**_summary(a)) for a in risk_selectors.assessments(case)]


@router.get(
    "/cases/{int:case_id}/assessments/{int:assessment_id}",
    response={200: AssessmentOut, **ERRORS},
    summary="One assessment with its answers",
)
def get_assessment(request: HttpRequest, case_id: int, assessment_id: int) -> AssessmentOut:
    who = require(request, Scope.READ_ASSESSMENTS)
    case = case_for(who.user, case_id)
    assessment = risk_selectors.assessment_for(case, assessment_id)
    risk_services.assessment_viewed(actor=who.user, assessment=assessment)
    return _assessment(assessment)


@router.post(
    "/cases/{int:case_id}/assessments",
    response={201: AssessmentOut, **WRITE_ERRORS},
    summary="Make an assessment from answers; it is graded, and its reviews follow (Idempotency-Key supported)",
)
def create_assessment(request: HttpRequest, case_id: int, body: AssessmentIn, response: HttpResponse) -> Status:
    who = require(request, Scope.WRITE_ASSESSMENTS)
    case = editable_case_for(who.user, case_id)
    if len(body.answers) > MAX_ANSWERS:
        raise ValidationError({"answers": "More answers than the instrument has questions."})

    def make() -> int:
        return risk_services.assessment_create(
            actor=who.user,
            case=case,
            instrument_id=body.instrument_id,
            answers=body.answers,
            victim_view=body.victim_view,
            trigger=body.trigger,
            trigger_event_id=body.trigger_event_id,
            incidents_last_12_months=body.incidents_last_12_months,
            last_marac_referral=body.last_marac_referral,
            judgement=body.judgement,
            judgement_reason=body.judgement_reason,
            victim_account=body.victim_account,
            notes=body.notes,
            lowering_reason=body.lowering_reason,
        ).pk

    assessment_id = created_once(request, who, "assessment", make)
    assessment = Assessment.objects.filter(pk=assessment_id, case=case).first()
    if assessment is None:
        raise ValidationError("This Idempotency-Key was used for another case.")
    response["Location"] = f"/api/v1/cases/{case.pk}/assessments/{assessment.pk}"
    return Status(201, _assessment(assessment))
