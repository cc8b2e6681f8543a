"""MARAC: a case's referrals, and the risk management plan's actions, behind the same gates as the pages.

A referral is read through the case gate (the owning team); its prefilled facts carry the safe
contact arrangement, so the API gives only the referral's own record. An action is read and
closed through safeplan.marac's own gate (the area's coordinators, and the owning agency while it
needs to know): anyone else gets 404, as for a made-up id. A confidential location shared with an
action is never in the API.
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from safeplan.api.auth import require
from safeplan.api.models import Scope
from safeplan.api.schemas import ERRORS, WRITE_ERRORS, coded
from safeplan.cases.freetext import redactor_for
from safeplan.cases.selectors import case_for
from safeplan.marac.models import MaracAction, MaracReferral
from safeplan.marac.selectors import access as marac_access
from safeplan.marac.selectors import referrals as marac_referrals
from safeplan.marac.services import actions as marac_actions
from safeplan.marac.services import referrals as referral_services

router = Router(tags=["MARAC"])


class ReferralOut(Schema):
    id: int
    case_id: int
    area_id: int
    area_name: str
    status: str = coded(MaracReferral.Status, "Where the referral is.")
    grounds: list[str] = Field(..., description="The MARAC criteria it was referred on.")
    automatic: bool
    previous_referral_on: date | None
    assessment_id: int
    referred_by_id: int
    referred_at: datetime
    handled_at: datetime | None


class ActionOut(Schema):
    id: int
    case_id: int
    meeting_id: int
    part: str = coded(MaracAction.Part, "Who the action protects.")
    text: str
    agency_id: int
    owner: str = Field(..., description="The named owner in the agency.")
    due_on: date
    state: str = coded(MaracAction.State, "Open, or how it ended.")
    state_reason: str
    closed_at: datetime | None


class ActionClose(Schema):
    state: str = Field(..., max_length=20, description="done, could_not or not_done (a state code).")
    reason: str = Field("", max_length=5000, description="Why it could not be done, or was not done.")


def _referral(r: MaracReferral) -> ReferralOut:
    return ReferralOut(
        id=r.pk,
        case_id=r.case_id,
        area_id=r.area_id,
        area_name=r.area.name,
        status=r.status,
        grounds=list(r.grounds),
        automatic=r.automatic,
        previous_referral_on=r.previous_referral_on,
        assessment_id=r.assessment_id,
        referred_by_id=r.referred_by_id,
        referred_at=r.referred_at,
        handled_at=r.handled_at,
    )


def _action(a: MaracAction) -> ActionOut:
    mask = redactor_for(a.item.case).mask
    return ActionOut(
        id=a.pk,
        case_id=a.case_id,
        meeting_id=a.item.meeting_id,
        part=a.part,
        text=mask(a.text),
        agency_id=a.agency_id,
        owner=mask(a.owner),
        due_on=a.due_on,
        state=a.state,
        state_reason=mask(a.state_reason),
        closed_at=a.closed_at,
    )


@router.get(
    "/cases/{int:case_id}/marac-referrals",
    response={200: list[ReferralOut], **ERRORS},
    summary="A case's MARAC referrals, newest first",
)
def list_referrals(request: HttpRequest, case_id: int) -> list[ReferralOut]:
    who = require(request, Scope.MARAC)
    case = case_for(who.user, case_id)
    return [_referral(r) for r in marac_referrals.case_referrals(case)]


@router.get(
    "/cases/{int:case_id}/marac-referrals/{int:referral_id}",
    response={200: ReferralOut, **ERRORS},
    summary="One MARAC referral of a case",
)
def get_referral(request: HttpRequest, case_id: int, referral_id: int) -> ReferralOut:
    who = require(request, Scope.MARAC)
    case = case_for(who.user, case_id)
    referral = marac_referrals.case_referral_for(case, referral_id)
    referral_services.referral_viewed(actor=who.user, referral=referral)
    return _referral(referral)


@router.get(
    "/marac-actions/{int:action_id}",
    response={200: ActionOut, **ERRORS},
    summary="One action of a risk management plan (the area's coordinators, or its agency while it needs to know)",
)
def get_action(request: HttpRequest, action_id: int) -> ActionOut:
    who = require(request, Scope.MARAC)
    return _action(marac_access.action_for(who.user, action_id))


@router.post(
    "/marac-actions/{int:action_id}/close",
    response={200: ActionOut, **WRITE_ERRORS},
    summary="Close an open action as done, could not be done or not done (the last two with a reason)",
)
def close_action(request: HttpRequest, action_id: int, body: ActionClose) -> ActionOut:
    who = require(request, Scope.MARAC)
    action = marac_access.action_for(who.user, action_id)
    closed = marac_actions.action_close(actor=who.user, action=action, state=body.state, reason=body.reason)
    return _action(marac_access.action_for(who.user, closed.pk))
