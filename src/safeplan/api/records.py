"""Safety plan versions and incidents: read, through the same selectors as the pages, audited as they are.

A plan version gives its measures (the victim's decision on each, who does what by when) and
why it was made. The plan's own words (contacts, code words, safe places, escape routes, the
victim's coping strategies) are not in the API: no scope names them. An incident gives its
account with every free text masked as on the incident page, and its amendments.
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from safeplan.api.auth import require
from safeplan.api.models import Scope
from safeplan.api.schemas import ERRORS, coded
from safeplan.cases.freetext import redactor_for
from safeplan.cases.selectors import case_for
from safeplan.evidence import selectors as evidence_selectors
from safeplan.evidence import services as evidence_services
from safeplan.evidence.models import Amendment, Incident
from safeplan.plans import selectors as plan_selectors
from safeplan.plans import services as plan_services
from safeplan.plans.models import SafetyPlanItem, SafetyPlanVersion

router = Router(tags=["plans and incidents"])


class PlanVersionSummaryOut(Schema):
    id: int
    number: int
    created_at: datetime
    created_by_id: int
    source: str = coded(SafetyPlanVersion.Source, "Who made the version.")
    reason: str = coded(SafetyPlanVersion.Reason, "Why this version was made.")
    next_review_on: date | None


class PlanItemOut(Schema):
    measure_id: str = Field(..., description="The knowledge base measure.")
    title: str = Field(..., description="The measure's title, in English.")
    plan_part: str
    status: str = coded(SafetyPlanItem.Status, "The victim's decision.")
    actor: str = Field(..., description="Who does it (a code), or empty.")
    owner_note: str
    due_on: date | None


class PlanVersionOut(PlanVersionSummaryOut):
    change_note: str
    items: list[PlanItemOut]


class AmendmentOut(Schema):
    id: int
    kind: str = coded(Amendment.Kind, "What the amendment does.")
    field_name: str
    text: str
    reason: str
    created_at: datetime
    created_by_id: int


class IncidentSummaryOut(Schema):
    id: int
    sequence: int
    occurred_at: datetime
    time_is_approximate: bool
    source: str = coded(Incident.Source, "Entered by staff or imported from saved messages.")
    created_at: datetime


class IncidentOut(IncidentSummaryOut):
    approximation: str
    place: str
    summary: str
    victim_words: str
    words_used: str
    injuries: str
    witnesses: str
    children_present: bool
    children: str
    police_reference: str
    agencies_told: str
    effect: str
    hash: str = Field(..., description="SHA-256 of the record in the case's hash chain.")
    amendments: list[AmendmentOut]


def _version_summary(v: SafetyPlanVersion) -> PlanVersionSummaryOut:
    return PlanVersionSummaryOut(
        id=v.pk,
        number=v.number,
        created_at=v.created_at,
        created_by_id=v.created_by_id,
        source=v.source,
        reason=v.reason,
        next_review_on=v.next_review_on,
    )


@router.get(
    "/cases/{int:case_id}/plan-versions",
    response={200: list[PlanVersionSummaryOut], **ERRORS},
    summary="A case's safety plan versions, newest first",
)
def list_plan_versions(request: HttpRequest, case_id: int) -> list[PlanVersionSummaryOut]:
    who = require(request, Scope.READ_PLANS)
    case = case_for(who.user, case_id)
    return [_version_summary(v) for v in plan_selectors.versions(case)]


@router.get(
    "/cases/{int:case_id}/plan-versions/{int:version_id}",
    response={200: PlanVersionOut, **ERRORS},
    summary="One plan version with its measures",
)
def get_plan_version(request: HttpRequest, case_id: int, version_id: int) -> PlanVersionOut:
    who = require(request, Scope.READ_PLANS)
    case = case_for(who.user, case_id)
    version = plan_selectors.version_for(case, version_id)
    plan_services.plan_viewed(actor=who.user, case=case, version=version)
    mask = redactor_for(case).mask
    return PlanVersionOut(
        **_version_summary(version).model_dump(),
        change_note=mask(version.change_note),
        items=[
            PlanItemOut(
                measure_id=item.measure_id,
                title=item.title_text.root.get("en", ""),
                plan_part=item.plan_part,
                status=item.status,
                actor=item.actor,
                owner_note=mask(item.owner_note),
                due_on=item.due_on,
            )
            for item in version.items.all()
        ],
    )


def _incident_summary(i: Incident) -> IncidentSummaryOut:
    return IncidentSummaryOut(
        id=i.pk,
        sequence=i.sequence,
        occurred_at=i.occurred_at,
        time_is_approximate=i.time_is_approximate,
        source=i.source,
        created_at=i.created_at,
    )


@router.get(
    "/cases/{int:case_id}/incidents",
    response={200: list[IncidentSummaryOut], **ERRORS},
    summary="A case's incidents, in date order (when, not what)",
)
def list_incidents(request: HttpRequest, case_id: int) -> list[IncidentSummaryOut]:
    who = require(request, Scope.READ_INCIDENTS)
    case = case_for(who.user, case_id)
    return [_incident_summary(i) for i in evidence_selectors.incidents(case)]


@router.get(
    "/cases/{int:case_id}/incidents/{int:incident_id}",
    response={200: IncidentOut, **ERRORS},
    summary="One incident's account and its amendments (free text masked as on the page)",
)
def get_incident(request: HttpRequest, case_id: int, incident_id: int) -> IncidentOut:
    who = require(request, Scope.READ_INCIDENTS)
    case = case_for(who.user, case_id)
    incident = evidence_selectors.incident_for(case, incident_id)
    evidence_services.incident_viewed(actor=who.user, case=case, incident=incident)
    mask = redactor_for(case).mask
    return IncidentOut(
        **_incident_summary(incident).model_dump(),
        approximation=mask(incident.approximation),
        place=mask(incident.place),
        summary=mask(incident.summary),
        victim_words=mask(incident.victim_words),
        words_used=mask(incident.words_used),
        injuries=mask(incident.injuries),
        witnesses=mask(incident.witnesses),
        children_present=incident.children_present,
        children=mask(incident.children),
        police_reference=mask(incident.police_reference),
        agencies_told=mask(incident.agencies_told),
        effect=mask(incident.effect),
        hash=incident.hash,
        amendments=[
            AmendmentOut(
                id=a.pk,
                kind=a.kind,
                field_name=a.field_name,
                text=mask(a.text),
                reason=mask(a.reason),
                created_at=a.created_at,
                created_by_id=a.created_by_id,
            )
            for a in incident.amendments.order_by("sequence")
        ],
    )
