"""The endpoints: each goes through the same gate (case_for / editable_case_for) and services as the pages.

Nothing here reads confidential locations, the safe contact arrangement (its code word) or
anything from the survivor space: the schemas below have no field for them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from safeplan.accounts.models import User
from safeplan.api.auth import require
from safeplan.api.idempotency import created_once, etag, expected_version, submission
from safeplan.api.models import Scope
from safeplan.api.schemas import ERRORS, WRITE_ERRORS, coded
from safeplan.cases import services as case_services
from safeplan.cases.freetext import redactor_for
from safeplan.cases.models import Case, Person
from safeplan.cases.selectors import case_for, editable_case_for, visible_cases
from safeplan.content.events import event_rules
from safeplan.timeline import eventdata
from safeplan.timeline import services as timeline_services
from safeplan.timeline.models import CaseEvent, Obligation
from safeplan.timeline.selectors import event_for, obligation_for

router = Router()

# Far beyond any force's caseload, and small enough for every database's integer.
MAX_OFFSET = 10**7


class PersonOut(Schema):
    id: int
    role: str = coded(Person.Role, "The person's part in the case.")
    full_name: str
    other_names: str
    date_of_birth: date | None
    relationship: str


class CaseSummaryOut(Schema):
    id: int
    reference: str
    status: str = coded(Case.Status, "Open or closed.")
    team_id: int
    created_at: datetime
    version: int


class CaseOut(CaseSummaryOut):
    responsible_officer_id: int | None
    spoc_id: int | None
    closed_at: datetime | None
    people: list[PersonOut]


class ObligationOut(Schema):
    id: int
    kind: str = coded(Obligation.Kind, "What must be done.")
    owner_role: str = coded(Obligation.OwnerRole, "Who must do it.")
    owner_id: int
    due_at: datetime
    done_at: datetime | None
    event_id: int | None


class CaseIn(Schema):
    victim_name: str = Field(..., max_length=200)
    suspect_name: str = Field("", max_length=200)
    summary: str = Field("", max_length=5000)
    responsible_officer_id: int = Field(..., ge=1, le=2**62)
    spoc_id: int = Field(..., ge=1, le=2**62)


class CaseChange(Schema):
    summary: str = Field(..., max_length=5000)


class EventIn(Schema):
    type: str = Field(..., max_length=80, description="An event type code from the event rules.")
    occurred_at: datetime
    received_at: datetime | None = None
    details: str = Field("", max_length=5000)
    fields: dict[str, str | bool] = Field(default_factory=dict)


class EventOut(Schema):
    id: int
    type: str
    occurred_at: datetime
    received_at: datetime | None
    obligations: list[ObligationOut]


class CompletionIn(Schema):
    note: str = Field("", max_length=5000)
    reason: str = Field("", max_length=40)


def _obligation(o: Obligation) -> ObligationOut:
    return ObligationOut(
        id=o.pk,
        kind=o.kind,
        owner_role=o.owner_role,
        owner_id=o.owner_id,
        due_at=o.due_at,
        done_at=o.done_at,
        event_id=o.event_id,
    )


def _event(event: CaseEvent) -> EventOut:
    return EventOut(
        id=event.pk,
        type=event.type,
        occurred_at=event.occurred_at,
        received_at=event.received_at,
        obligations=[_obligation(o) for o in event.obligations.order_by("due_at", "pk")],
    )


def _case(case: Case) -> CaseOut:
    # Free text on a person is masked as on every page: a confidential address typed into it is never read out.
    mask = redactor_for(case).mask
    return CaseOut(
        id=case.pk,
        reference=case.reference,
        status=case.status,
        team_id=case.team_id,
        created_at=case.created_at,
        version=case.version,
        responsible_officer_id=case.responsible_officer_id,
        spoc_id=case.spoc_id,
        closed_at=case.closed_at,
        people=[
            PersonOut(
                id=p.pk,
                role=p.role,
                full_name=mask(p.full_name),
                other_names=mask(p.other_names),
                date_of_birth=p.date_of_birth,
                relationship=mask(p.relationship),
            )
            for p in case.people.all()
        ],
    )


@router.get("/cases", response={200: list[CaseSummaryOut], **ERRORS}, summary="Cases the caller may open")
def list_cases(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=200, description="How many cases, newest first."),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="How many to skip."),
) -> list[CaseSummaryOut]:
    who = require(request, Scope.READ_CASES)
    rows = visible_cases(who.user).order_by("-created_at", "-pk")[offset : offset + limit]
    return [
        CaseSummaryOut(
            id=c.pk,
            reference=c.reference,
            status=c.status,
            team_id=c.team_id,
            created_at=c.created_at,
            version=c.version,
        )
        for c in rows
    ]


@router.get("/cases/{int:case_id}", response={200: CaseOut, **ERRORS}, summary="One case and its people")
def get_case(request: HttpRequest, case_id: int, response: HttpResponse) -> CaseOut:
    who = require(request, Scope.READ_CASES)
    case = case_for(who.user, case_id)
    case_services.case_viewed(actor=who.user, case=case)
    response["ETag"] = etag(case.version)
    return _case(case)


def _team_member(user: User, member_id: int) -> User | None:
    """Return a member of the caller's team by id, or None (the service then says who to choose)."""
    return User.objects.filter(pk=member_id, team_id=user.team_id or 0).first()


@router.post(
    "/cases",
    response={201: CaseOut, **WRITE_ERRORS},
    summary="Open a case (Idempotency-Key: a retry returns the first case)",
)
def create_case(request: HttpRequest, body: CaseIn, response: HttpResponse) -> Status:
    who = require(request, Scope.WRITE_CASES)
    case = case_services.case_create(
        actor=who.user,
        victim_name=body.victim_name,
        suspect_name=body.suspect_name,
        summary=body.summary,
        responsible_officer=_team_member(who.user, body.responsible_officer_id),
        spoc=_team_member(who.user, body.spoc_id),
        submission=submission(request, who),
    )
    case = case_for(who.user, case.pk)
    response["ETag"] = etag(case.version)
    response["Location"] = f"/api/v1/cases/{case.pk}"
    return Status(201, _case(case))


@router.patch(
    "/cases/{int:case_id}",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Change a case's summary (If-Match: the ETag you read; a stale one is refused with 412)",
)
def change_case(request: HttpRequest, case_id: int, body: CaseChange, response: HttpResponse) -> CaseOut:
    who = require(request, Scope.WRITE_CASES)
    case = editable_case_for(who.user, case_id)
    case = case_services.case_update(actor=who.user, case=case, summary=body.summary, version=expected_version(request))
    case = case_for(who.user, case.pk)
    response["ETag"] = etag(case.version)
    return _case(case)


def _fields(type_id: str, values: dict[str, str | bool]) -> dict[str, Any]:
    try:
        event_type = event_rules().by_id(type_id)
    except KeyError:
        return dict(values)  # the service refuses the type
    try:
        return eventdata.load(event_type, values)
    except ValueError:
        raise ValidationError({"fields": "Dates are YYYY-MM-DD and times HH:MM."}) from None


@router.post(
    "/cases/{int:case_id}/events",
    response={201: EventOut, **WRITE_ERRORS},
    summary="Record an event; its notification deadlines and reviews follow (Idempotency-Key supported)",
)
def create_event(request: HttpRequest, case_id: int, body: EventIn, response: HttpResponse) -> Status:
    who = require(request, Scope.WRITE_EVENTS)
    case = editable_case_for(who.user, case_id)
    fields = _fields(body.type, body.fields)

    def record() -> int:
        return timeline_services.event_record(
            actor=who.user,
            case=case,
            type_id=body.type,
            occurred_at=body.occurred_at,
            received_at=body.received_at,
            details=body.details,
            fields=fields,
        ).pk

    event_id = created_once(request, who, "event", record)
    event = event_for(case, event_id)
    if event is None:
        raise ValidationError("This Idempotency-Key was used for another case.")
    response["Location"] = f"/api/v1/cases/{case.pk}/events/{event.pk}"
    return Status(201, _event(event))


@router.get("/cases/{int:case_id}/events/{int:event_id}", response={200: EventOut, **ERRORS}, summary="One event")
def get_event(request: HttpRequest, case_id: int, event_id: int) -> EventOut:
    who = require(request, Scope.READ_EVENTS)
    case = case_for(who.user, case_id)
    event = event_for(case, event_id)
    if event is None:
        raise Http404
    timeline_services.timeline_viewed(actor=who.user, case=case, event=event)
    return _event(event)


@router.post(
    "/cases/{int:case_id}/obligations/{int:obligation_id}/complete",
    response={200: ObligationOut, **WRITE_ERRORS},
    summary="Mark an obligation done (a second completion is refused with 409)",
)
def complete_obligation(request: HttpRequest, case_id: int, obligation_id: int, body: CompletionIn) -> ObligationOut:
    who = require(request, Scope.WRITE_OBLIGATIONS)
    case = editable_case_for(who.user, case_id)
    obligation = obligation_for(case, obligation_id)
    if obligation is None:
        raise Http404
    if obligation.done_at is not None:
        raise HttpError(409, "The obligation is already done.")
    done = timeline_services.obligation_complete(
        actor=who.user, obligation=obligation, note=body.note, reason=body.reason
    )
    return _obligation(done)


@router.get(
    "/cases/{int:case_id}/obligations", response={200: list[ObligationOut], **ERRORS}, summary="A case's obligations"
)
def list_obligations(request: HttpRequest, case_id: int) -> list[ObligationOut]:
    who = require(request, Scope.READ_OBLIGATIONS)
    case = case_for(who.user, case_id)
    timeline_services.timeline_viewed(actor=who.user, case=case)
    rows = Obligation.objects.filter(case=case).order_by("due_at", "pk")
    return [_obligation(o) for o in rows]
