"""Writes to Clare's Law requests. Each runs in one transaction with its audit entry.

Every stage is recorded in order: a stage that is done, or not yet reached, is refused, so
the record of what happened when cannot be rewritten afterwards.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import Team, User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case
from safeplan.cases.services import case_create
from safeplan.disclosure import permissions
from safeplan.disclosure.models import Deviation, Disclosure, DisclosureRequest, ForumDecision, Grade, Reassessment
from safeplan.disclosure.rules import rules_for
from safeplan.domain.references import new_reference
from safeplan.domain.text import visible_length
from safeplan.idempotent import create_once
from safeplan.perpetrators.index import index_put_subject


def _reference() -> str:
    return new_reference("CL", lambda reference: DisclosureRequest.objects.filter(reference=reference).exists())


def _require(actor: User, request: DisclosureRequest) -> None:
    if not permissions.can_work(actor, request):
        raise PermissionDenied


def _at_stage(request: DisclosureRequest, *stages: str) -> None:
    if request.stage not in stages:
        raise ValidationError(_("This step is already recorded, or an earlier step is still to do."))


def _needs(errors: dict[str, str], name: str, value: str, message: str) -> None:
    if visible_length(value or "") == 0:
        errors[name] = message


def _moment(errors: dict[str, str], name: str, value: datetime | None, request: DisclosureRequest | None) -> None:
    if value is None:
        errors[name] = _("Enter the date and time")
    elif value > timezone.now():
        errors[name] = _("The time must be now or in the past")
    elif request is not None and value < request.received_at:
        errors[name] = _("The time cannot be before the request was received")


def request_create(
    *,
    actor: User | None,
    team: Team,
    route: str,
    channel: str,
    applicant_kind: str,
    received_at: datetime | None,
    safe_contact_how: str,
    subject_name: str,
    safe_contact_when: str = "",
    never: str = "",
    applicant_name: str = "",
    person_at_risk_name: str = "",
    relationship: str = "",
    concerns: str = "",
    subject_other_names: str = "",
    subject_date_of_birth: date | None = None,
    submission: UUID | None = None,
    is_demo: bool = False,
) -> DisclosureRequest:
    """Record a request received by the team (actor None: the public online form), fix its clocks, index its subject."""
    if actor is not None and not (permissions.handles_disclosure(actor) and actor.team_id == team.pk):
        raise PermissionDenied
    applied = rules_for(team.agency.nation)
    errors: dict[str, str] = {}
    route_kind: str
    try:
        route_kind = applied.rules.route(route).kind
    except KeyError:
        errors["route"] = _("Select the route")
        route_kind = ""
    if channel not in DisclosureRequest.Channel.values:
        errors["channel"] = _("Select how the request came in")
    if applicant_kind not in DisclosureRequest.Applicant.values:
        errors["applicant_kind"] = _("Select who is applying")
    elif route_kind == "tell" and applicant_kind != DisclosureRequest.Applicant.POLICE_OR_PARTNER:
        errors["applicant_kind"] = _("A right-to-know request is started by the police or a partner agency")
    elif route_kind == "ask" and applicant_kind == DisclosureRequest.Applicant.POLICE_OR_PARTNER:
        errors["applicant_kind"] = _("A right-to-ask request comes from the person at risk or someone for them")
    _needs(errors, "safe_contact_how", safe_contact_how, _("Say how it is safe to contact them"))
    _needs(errors, "subject_name", subject_name, _("Enter the name of the person they are asking about"))
    if applicant_kind == DisclosureRequest.Applicant.THIRD_PARTY:
        _needs(errors, "person_at_risk_name", person_at_risk_name, _("Enter the name of the person at risk"))
    if actor is None and received_at is None:
        received_at = timezone.now()  # the public form: received as it is sent
    _moment(errors, "when_on", received_at, None)
    if errors:
        raise ValidationError(errors)
    assert received_at is not None
    clocks = applied.clocks(received_at)

    def create() -> DisclosureRequest:
        with transaction.atomic():
            request = DisclosureRequest.objects.create(
                reference=_reference(),
                team=team,
                nation=applied.rules.nation,
                rules_version=applied.version,
                guidance=applied.rules.guidance,
                route=route,
                route_kind=route_kind,
                channel=channel,
                applicant_kind=applicant_kind,
                received_at=received_at,
                safe_contact_how=safe_contact_how.strip(),
                safe_contact_when=safe_contact_when.strip(),
                never=never.strip(),
                applicant_name=applicant_name.strip(),
                person_at_risk_name=person_at_risk_name.strip(),
                relationship=relationship.strip(),
                concerns=concerns.strip(),
                subject_name=subject_name.strip(),
                subject_other_names=subject_other_names.strip(),
                subject_date_of_birth=subject_date_of_birth,
                initial_contact_due=clocks.initial_contact_due,
                face_to_face_due=clocks.face_to_face_due if route_kind == "ask" else None,
                decision_due=clocks.decision_due,
                created_by=actor,
                submission=submission,
                is_demo=is_demo,
            )
            index_put_subject(
                disclosure_id=request.pk,
                team=team,
                full_name=request.subject_name,
                other_names=request.subject_other_names,
                date_of_birth=subject_date_of_birth,
                started_at=received_at,
            )
            record(
                actor=actor,
                actor_label="" if actor is not None else "online form",
                verb=Verb.DISCLOSURE_RECEIVED,
                target=request,
                detail={"route": route, "channel": channel, "team": team.pk, "rules_version": applied.version},
            )
        return request

    if submission is None:
        return create()
    return create_once(DisclosureRequest, submission, {"team": team}, create)


def _stage(actor: User, request: DisclosureRequest, stage: str, fields: list[str], detail: dict[str, Any]) -> None:
    with transaction.atomic():
        request.save(update_fields=fields)
        record(
            actor=actor,
            verb=Verb.DISCLOSURE_STAGE_RECORDED,
            target=request,
            detail={"stage": stage, **detail},
        )


def initial_contact_record(
    *, actor: User, request: DisclosureRequest, contacted_at: datetime | None, immediate_risk: bool | None, action: str
) -> DisclosureRequest:
    """Record the first contact and the immediate-risk check; an immediate risk needs what was done about it."""
    _require(actor, request)
    _at_stage(request, "initial_contact")
    errors: dict[str, str] = {}
    _moment(errors, "when_on", contacted_at, request)
    if immediate_risk is None:
        errors["immediate_risk"] = _("Select whether there is an immediate risk")
    elif immediate_risk:
        _needs(errors, "action", action, _("Say what was done about the immediate risk"))
    if errors:
        raise ValidationError(errors)
    request.initial_contact_at = contacted_at
    request.immediate_risk = immediate_risk
    request.immediate_action = action.strip()
    _stage(
        actor,
        request,
        "initial_contact",
        ["initial_contact_at", "immediate_risk", "immediate_action"],
        {"immediate_risk": immediate_risk},
    )
    return request


def face_to_face_record(
    *, actor: User, request: DisclosureRequest, met_at: datetime | None, identity_verified: bool
) -> DisclosureRequest:
    """Record the face-to-face meeting; the applicant's identity must have been verified."""
    _require(actor, request)
    _at_stage(request, "face_to_face")
    errors: dict[str, str] = {}
    _moment(errors, "when_on", met_at, request)
    if not identity_verified:
        errors["identity_verified"] = _("Confirm that you verified the applicant's identity")
    if errors:
        raise ValidationError(errors)
    request.face_to_face_at = met_at
    request.identity_verified = True
    _stage(actor, request, "face_to_face", ["face_to_face_at", "identity_verified"], {})
    return request


def checks_record(
    *, actor: User, request: DisclosureRequest, done_at: datetime | None, summary: str
) -> DisclosureRequest:
    """Record that the checks of police systems and partner agencies are done, and what they found."""
    _require(actor, request)
    _at_stage(request, "checks")
    errors: dict[str, str] = {}
    _moment(errors, "when_on", done_at, request)
    _needs(errors, "summary", summary, _("Say what the checks found"))
    if errors:
        raise ValidationError(errors)
    request.checks_done_at = done_at
    request.checks_summary = summary.strip()
    _stage(actor, request, "checks", ["checks_done_at", "checks_summary"], {})
    return request


def forum_record(
    *,
    actor: User,
    request: DisclosureRequest,
    held_on: date | None,
    attendees: str,
    pressing_need: str,
    outcome: str,
    safety_plan: str,
    lawful: str = "",
    necessary: str = "",
    proportionate: str = "",
    what_to_disclose: str = "",
    recipient: str = "",
    late_reason: str = "",
) -> ForumDecision:
    """Record the forum's decision and its reasons; a decision after the target needs the reason it is late."""
    _require(actor, request)
    _at_stage(request, "forum")
    now = timezone.now()
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = _("Enter the date of the forum")
    elif held_on > timezone.localdate(now):
        errors["held_on"] = _("The forum's date must be today or in the past")
    elif held_on < timezone.localdate(request.received_at):
        errors["held_on"] = _("The forum cannot be before the request was received")
    _needs(errors, "attendees", attendees, _("Say who attended"))
    _needs(errors, "pressing_need", pressing_need, _("Say whether there is a pressing need, and why"))
    _needs(errors, "safety_plan", safety_plan, _("Record the safety plan"))
    if outcome not in DisclosureRequest.Outcome.values:
        errors["outcome"] = _("Select the decision")
    elif outcome == DisclosureRequest.Outcome.DISCLOSE:
        _needs(errors, "lawful", lawful, _("Say why disclosure is lawful"))
        _needs(errors, "necessary", necessary, _("Say why disclosure is necessary"))
        _needs(errors, "proportionate", proportionate, _("Say why disclosure is proportionate"))
        _needs(errors, "what_to_disclose", what_to_disclose, _("Say what is to be disclosed"))
        _needs(errors, "recipient", recipient, _("Say who is to be told: the person best placed to protect"))
    if now > request.decision_due:
        _needs(errors, "late_reason", late_reason, _("The target has passed: say why the decision is late"))
    if errors:
        raise ValidationError(errors)
    assert held_on is not None
    with transaction.atomic():
        decision = ForumDecision.objects.create(
            request=request,
            held_on=held_on,
            attendees=attendees.strip(),
            pressing_need=pressing_need.strip(),
            lawful=lawful.strip(),
            necessary=necessary.strip(),
            proportionate=proportionate.strip(),
            outcome=outcome,
            what_to_disclose=what_to_disclose.strip(),
            recipient=recipient.strip(),
            safety_plan=safety_plan.strip(),
            recorded_by=actor,
        )
        request.outcome = outcome
        request.decided_at = now
        request.late_reason = late_reason.strip() if now > request.decision_due else ""
        request.save(update_fields=["outcome", "decided_at", "late_reason"])
        record(
            actor=actor,
            verb=Verb.DISCLOSURE_DECIDED,
            target=request,
            detail={"outcome": outcome, "late": now > request.decision_due},
        )
    return decision


def disclosure_record(
    *,
    actor: User,
    request: DisclosureRequest,
    disclosed_at: datetime | None,
    recipient: str,
    what_was_said: str,
    told_confidential: bool,
    second_person: str = "",
) -> Disclosure:
    """Record a disclosure made in person: what was said, to whom, when, by whom, and the confidentiality warning."""
    _require(actor, request)
    _at_stage(request, "disclose")
    errors: dict[str, str] = {}
    _moment(errors, "when_on", disclosed_at, request)
    _needs(errors, "recipient", recipient, _("Say who was told"))
    _needs(errors, "what_was_said", what_was_said, _("Record what was said"))
    if not told_confidential:
        errors["told_confidential"] = _("Tell the recipient to keep the information confidential, then confirm it")
    if errors:
        raise ValidationError(errors)
    assert disclosed_at is not None
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            request=request,
            disclosed_at=disclosed_at,
            disclosed_by=actor,
            second_person=second_person.strip(),
            recipient=recipient.strip(),
            what_was_said=what_was_said.strip(),
            told_confidential=True,
        )
        record(actor=actor, verb=Verb.DISCLOSURE_MADE, target=request, detail={"disclosure": disclosure.pk})
    return disclosure


def reassessment_record(*, actor: User, request: DisclosureRequest, grade: str, notes: str) -> Reassessment:
    """Record the risk after the disclosure."""
    _require(actor, request)
    _at_stage(request, "reassess")
    errors: dict[str, str] = {}
    if grade not in Grade.values:
        errors["grade"] = _("Select the risk now")
    _needs(errors, "notes", notes, _("Say what changed and what is being done"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        reassessment = Reassessment.objects.create(request=request, grade=grade, notes=notes.strip(), assessed_by=actor)
        record(actor=actor, verb=Verb.DISCLOSURE_REASSESSED, target=request, detail={"grade": grade})
    return reassessment


def request_close(*, actor: User, request: DisclosureRequest, closure: str, note: str) -> DisclosureRequest:
    """Close the request. Before a decision only a withdrawal or no safe contact closes it."""
    _require(actor, request)
    if request.closed_at is not None:
        raise ValidationError(_("The request is already closed."))
    errors: dict[str, str] = {}
    early = {DisclosureRequest.Closure.WITHDRAWN, DisclosureRequest.Closure.NO_CONTACT, DisclosureRequest.Closure.OTHER}
    if closure not in DisclosureRequest.Closure.values:
        errors["closure"] = _("Select why the request is closing")
    elif request.stage != "close" and closure not in early:
        errors["closure"] = _(
            "Before the decision and any disclosure are done, only a withdrawal or no safe contact closes it"
        )
    elif closure == DisclosureRequest.Closure.DISCLOSED and request.outcome != DisclosureRequest.Outcome.DISCLOSE:
        errors["closure"] = _("Nothing was disclosed on this request")
    elif (
        closure == DisclosureRequest.Closure.NOT_DISCLOSED and request.outcome != DisclosureRequest.Outcome.NOT_DISCLOSE
    ):
        errors["closure"] = _("The decision on this request was to disclose")
    _needs(errors, "note", note, _("Write a closing note"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request.closed_at = timezone.now()
        request.closure = closure
        request.closure_note = note.strip()
        request.save(update_fields=["closed_at", "closure", "closure_note"])
        record(actor=actor, verb=Verb.DISCLOSURE_CLOSED, target=request, detail={"closure": closure})
    return request


def deviation_record(*, actor: User, request: DisclosureRequest, what: str, reason: str) -> Deviation:
    """Record a departure from the guidance, approved by the supervisor recording it."""
    if not permissions.can_approve(actor, request):
        raise PermissionDenied
    errors: dict[str, str] = {}
    _needs(errors, "what", what, _("Say what departs from the guidance"))
    _needs(errors, "reason", reason, _("Say why"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        deviation = Deviation.objects.create(
            request=request, what=what.strip(), reason=reason.strip(), approved_by=actor
        )
        record(actor=actor, verb=Verb.DISCLOSURE_DEVIATION, target=request, detail={"deviation": deviation.pk})
    return deviation


def request_viewed(*, actor: User, request: DisclosureRequest) -> None:
    record(actor=actor, verb=Verb.DISCLOSURE_VIEWED, target=request)


def request_open_case(*, actor: User, request: DisclosureRequest) -> Case:
    """Open a case from a request whose risk after disclosure is high, reusing its people, for a MARAC referral."""
    _require(actor, request)
    latest = request.reassessments.order_by("-assessed_at", "-pk").first()
    if latest is None or latest.grade != Grade.HIGH:
        raise ValidationError(_("Only a high risk after disclosure opens a case from the request."))
    if request.case_id is not None:
        return request.case  # type: ignore[return-value]
    victim = request.person_at_risk_name or request.applicant_name
    if not victim:
        raise ValidationError(_("Record the name of the person at risk first."))
    with transaction.atomic():
        case = case_create(
            actor=actor,
            victim_name=victim,
            responsible_officer=actor,
            spoc=actor,
            suspect_name=request.subject_name,
            summary=_("Opened from Clare's Law request %(reference)s: high risk after disclosure.")
            % {"reference": request.reference},
        )
        request.case = case
        request.save(update_fields=["case"])
        record(
            actor=actor,
            verb=Verb.DISCLOSURE_STAGE_RECORDED,
            target=request,
            case_id=case.pk,
            detail={"stage": "case_opened"},
        )
    return case
