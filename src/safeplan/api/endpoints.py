"""The endpoints: each goes through the same gate (case_for / editable_case_for) and services as the pages.

Nothing here reads confidential locations, the safe contact arrangement (its code word) or
anything from the survivor space: the schemas below have no field for them.
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema

from safeplan.api.auth import require
from safeplan.api.models import Scope
from safeplan.api.schemas import Problem, coded
from safeplan.cases import services as case_services
from safeplan.cases.models import Case, Person
from safeplan.cases.selectors import case_for, visible_cases
from safeplan.timeline import services as timeline_services
from safeplan.timeline.models import Obligation

router = Router()

ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}


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


def _case(case: Case) -> CaseOut:
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
                full_name=p.full_name,
                other_names=p.other_names,
                date_of_birth=p.date_of_birth,
                relationship=p.relationship,
            )
            for p in case.people.all()
        ],
    )


@router.get("/cases", response={200: list[CaseSummaryOut], **ERRORS}, summary="Cases the caller may open")
def list_cases(request: HttpRequest, limit: int = 50, offset: int = 0) -> list[CaseSummaryOut]:
    who = require(request, Scope.READ_CASES)
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
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
def get_case(request: HttpRequest, case_id: int) -> CaseOut:
    who = require(request, Scope.READ_CASES)
    case = case_for(who.user, case_id)
    case_services.case_viewed(actor=who.user, case=case)
    return _case(case)


@router.get(
    "/cases/{int:case_id}/obligations", response={200: list[ObligationOut], **ERRORS}, summary="A case's obligations"
)
def list_obligations(request: HttpRequest, case_id: int) -> list[ObligationOut]:
    who = require(request, Scope.READ_OBLIGATIONS)
    case = case_for(who.user, case_id)
    timeline_services.timeline_viewed(actor=who.user, case=case)
    rows = Obligation.objects.filter(case=case).order_by("due_at", "pk")
    return [
        ObligationOut(
            id=o.pk,
            kind=o.kind,
            owner_role=o.owner_role,
            owner_id=o.owner_id,
            due_at=o.due_at,
            done_at=o.done_at,
            event_id=o.event_id,
        )
        for o in rows
    ]
