"""Clare's Law (DVDS) requests: read, and their stages recorded, through safeplan.disclosure's own gate and services.

Only the handling team's caseworkers in a police force see a request (anyone else: 404, as for a
made-up id). The stage rules, clocks and the forum's reasons are the disclosure services'. The
applicant's safe contact arrangement, names and concerns are not in the API: no scope names them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from safeplan.api.auth import Caller, require
from safeplan.api.models import Scope
from safeplan.api.schemas import ERRORS, WRITE_ERRORS, coded
from safeplan.disclosure import selectors as disclosure_selectors
from safeplan.disclosure import services as disclosure_services
from safeplan.disclosure.models import DisclosureRequest

router = Router(tags=["Clare's Law"])

MAX_OFFSET = 10**7


class RequestOut(Schema):
    id: int
    reference: str
    route: str = Field(..., description="The route under the nation's guidance (right to ask, right to know...).")
    channel: str = coded(DisclosureRequest.Channel, "How it came in.")
    applicant_kind: str = coded(DisclosureRequest.Applicant, "Who is applying.")
    received_at: datetime
    stage: str = Field(
        ...,
        description="The next thing to do: initial_contact, face_to_face, checks, forum, disclose, reassess, "
        "close, or closed.",
    )
    subject_name: str
    subject_other_names: str
    subject_date_of_birth: date | None
    initial_contact_due: datetime
    face_to_face_due: datetime | None
    decision_due: datetime
    initial_contact_at: datetime | None
    immediate_risk: bool | None
    face_to_face_at: datetime | None
    identity_verified: bool
    checks_done_at: datetime | None
    outcome: str | None = Field(None, description="The forum's decision (an outcome code), once made.")
    decided_at: datetime | None
    closure: str | None = Field(None, description="Why it closed (a closure code), once closed.")
    closed_at: datetime | None
    case_id: int | None


class InitialContactIn(Schema):
    contacted_at: datetime
    immediate_risk: bool
    action: str = Field("", max_length=5000, description="What was done about an immediate risk.")


class FaceToFaceIn(Schema):
    met_at: datetime
    identity_verified: bool


class ChecksIn(Schema):
    done_at: datetime
    summary: str = Field(..., max_length=10_000)


class ForumIn(Schema):
    held_on: date
    attendees: str = Field(..., max_length=5000)
    pressing_need: str = Field(..., max_length=5000)
    outcome: str = Field(..., max_length=20, description="An outcome code.")
    safety_plan: str = Field(..., max_length=10_000)
    lawful: str = Field("", max_length=5000)
    necessary: str = Field("", max_length=5000)
    proportionate: str = Field("", max_length=5000)
    what_to_disclose: str = Field("", max_length=10_000)
    recipient: str = Field("", max_length=500)
    late_reason: str = Field("", max_length=5000)


class CloseIn(Schema):
    closure: str = Field(..., max_length=20, description="A closure code.")
    note: str = Field(..., max_length=5000)


def _request(r: DisclosureRequest) -> RequestOut:
    return RequestOut(
        id=r.pk,
        reference=r.reference,
        route=r.route,
        channel=r.channel,
        applicant_kind=r.applicant_kind,
        received_at=r.received_at,
        stage=r.stage,
        subject_name=r.subject_name,
        subject_other_names=r.subject_other_names,
        subject_date_of_birth=r.subject_date_of_birth,
        initial_contact_due=r.initial_contact_due,
        face_to_face_due=r.face_to_face_due,
        decision_due=r.decision_due,
        initial_contact_at=r.initial_contact_at,
        immediate_risk=r.immediate_risk,
        face_to_face_at=r.face_to_face_at,
        identity_verified=r.identity_verified,
        checks_done_at=r.checks_done_at,
        outcome=r.outcome or None,
        decided_at=r.decided_at,
        closure=r.closure or None,
        closed_at=r.closed_at,
        case_id=r.case_id,
    )


def _recorded(who: Caller, request_id: int, write: Callable[[DisclosureRequest], Any], **names: str) -> RequestOut:
    """Run a stage's service on the caller's request; its refusals come back named as the API's fields."""
    found = disclosure_selectors.request_for(who.user, request_id)
    try:
        write(found)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        renamed = {names.get(field, field): messages for field, messages in error.message_dict.items()}
        raise ValidationError(renamed) from None
    return _request(disclosure_selectors.request_for(who.user, request_id))


@router.get(
    "/disclosure-requests",
    response={200: list[RequestOut], **ERRORS},
    summary="The Clare's Law requests the caller's team handles, by decision due date",
)
def list_requests(
    request: HttpRequest,
    closed: bool = Query(False, description="Closed requests instead of open ones."),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> list[RequestOut]:
    who = require(request, Scope.DISCLOSURE)
    rows = (
        disclosure_selectors.visible_requests(who.user)
        .filter(closed_at__isnull=not closed)
        .prefetch_related("disclosures", "reassessments")
        .order_by("decision_due", "pk")[offset : offset + limit]
    )
    return [_request(r) for r in rows]


@router.get(
    "/disclosure-requests/{int:request_id}",
    response={200: RequestOut, **ERRORS},
    summary="One Clare's Law request and where it is",
)
def get_request(request: HttpRequest, request_id: int) -> RequestOut:
    who = require(request, Scope.DISCLOSURE)
    found = disclosure_selectors.request_for(who.user, request_id)
    disclosure_services.request_viewed(actor=who.user, request=found)
    return _request(found)


@router.post(
    "/disclosure-requests/{int:request_id}/initial-contact",
    response={200: RequestOut, **WRITE_ERRORS},
    summary="Record the first contact and the immediate-risk check",
)
def record_initial_contact(request: HttpRequest, request_id: int, body: InitialContactIn) -> RequestOut:
    who = require(request, Scope.DISCLOSURE)
    return _recorded(
        who,
        request_id,
        lambda r: disclosure_services.initial_contact_record(
            actor=who.user,
            request=r,
            contacted_at=body.contacted_at,
            immediate_risk=body.immediate_risk,
            action=body.action,
        ),
        when_on="contacted_at",
    )


@router.post(
    "/disclosure-requests/{int:request_id}/face-to-face",
    response={200: RequestOut, **WRITE_ERRORS},
    summary="Record the face-to-face meeting (the applicant's identity verified)",
)
def record_face_to_face(request: HttpRequest, request_id: int, body: FaceToFaceIn) -> RequestOut:
    who = require(request, Scope.DISCLOSURE)
    return _recorded(
        who,
        request_id,
        lambda r: disclosure_services.face_to_face_record(
            actor=who.user, request=r, met_at=body.met_at, identity_verified=body.identity_verified
        ),
        when_on="met_at",
    )


@router.post(
    "/disclosure-requests/{int:request_id}/checks",
    response={200: RequestOut, **WRITE_ERRORS},
    summary="Record that the checks are done and what they found",
)
def record_checks(request: HttpRequest, request_id: int, body: ChecksIn) -> RequestOut:
    who = require(request, Scope.DISCLOSURE)
    return _recorded(
        who,
        request_id,
        lambda r: disclosure_services.checks_record(
            actor=who.user, request=r, done_at=body.done_at, summary=body.summary
        ),
        when_on="done_at",
    )


@router.post(
    "/disclosure-requests/{int:request_id}/forum",
    response={200: RequestOut, **WRITE_ERRORS},
    summary="Record the forum's decision with its reasons (a late decision needs why)",
)
def record_forum(request: HttpRequest, request_id: int, body: ForumIn) -> RequestOut:
    who = require(request, Scope.DISCLOSURE)
    return _recorded(
        who,
        request_id,
        lambda r: disclosure_services.forum_record(actor=who.user, request=r, **body.model_dump()),
    )


@router.post(
    "/disclosure-requests/{int:request_id}/close",
    response={200: RequestOut, **WRITE_ERRORS},
    summary="Close the request (before a decision, only a withdrawal or no safe contact)",
)
def close_request(request: HttpRequest, request_id: int, body: CloseIn) -> RequestOut:
    who = require(request, Scope.DISCLOSURE)
    return _recorded(
        who,
        request_id,
        lambda r: disclosure_services.request_close(actor=who.user, request=r, closure=body.closure, note=body.note),
    )
