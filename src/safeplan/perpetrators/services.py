"""Writes to the person index: decisions about matches, questions to other teams, serial reviews."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases import permissions
from safeplan.cases.models import Person
from safeplan.domain.text import visible_length
from safeplan.perpetrators.index import recluster
from safeplan.perpetrators.models import Enquiry, IndexEntry, MatchDecision, Perpetrator, SerialReview
from safeplan.perpetrators.selectors import can_supervise_serial, flagged_in_agency

MIN_REASON = 10


def _own_entry(actor: User, person: Person) -> IndexEntry:
    if not permissions.can_edit(actor, person.case):
        raise PermissionDenied
    entry = IndexEntry.objects.filter(person=person).first()
    if entry is None:
        raise PermissionDenied
    return entry


def _other_in_agency(actor: User, entry: IndexEntry, other_id: int | None) -> IndexEntry:
    other = (
        IndexEntry.objects.select_related("team").filter(pk=other_id, team__agency_id=actor.agency_id or 0).first()
        if other_id
        else None
    )
    if other is None or other.pk == entry.pk:
        raise ValidationError({"record": _("Choose one of the other records listed.")})
    return other


def match_decide(*, actor: User, person: Person, other_id: int | None, decision: str, reason: str) -> MatchDecision:
    """Record that the suspect and another record in the agency are, or are not, the same person; relink them."""
    entry = _own_entry(actor, person)
    errors: dict[str, str] = {}
    if decision not in MatchDecision.Decision.values:
        errors["decision"] = _("Select whether it is the same person")
    if visible_length(reason) < MIN_REASON:
        errors["reason"] = _("Say how you know, in at least %(count)d characters") % {"count": MIN_REASON}
    try:
        other = _other_in_agency(actor, entry, other_id)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    a, b = sorted((entry.pk, other.pk))
    with transaction.atomic():
        before = {entry.perpetrator_id, other.perpetrator_id}
        row, _created = MatchDecision.objects.update_or_create(
            entry_a_id=a, entry_b_id=b, defaults={"decision": decision, "reason": reason.strip(), "decided_by": actor}
        )
        recluster(before, {entry.pk, other.pk})
        record(
            actor=actor,
            verb=Verb.PERSON_MATCH_DECIDED,
            target=row,
            case_id=person.case_id,
            detail={"entries": [a, b], "decision": decision},
        )
    return row


def enquiry_send(*, actor: User, person: Person, other_id: int | None, message: str) -> Enquiry:
    """Ask the team that owns another record of the person what they know; they see who asked and why."""
    entry = _own_entry(actor, person)
    errors: dict[str, str] = {}
    if visible_length(message) < MIN_REASON:
        errors["message"] = _("Write your question, in at least %(count)d characters") % {"count": MIN_REASON}
    try:
        other = _other_in_agency(actor, entry, other_id)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    if other.team_id == actor.team_id:
        raise ValidationError({"record": _("That record is your own team's: open it from your cases.")})
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            from_user=actor, from_entry=entry, to_entry=other, to_team_id=other.team_id, message=message.strip()
        )
        record(
            actor=actor,
            verb=Verb.PERSON_ENQUIRY_SENT,
            target=enquiry,
            case_id=person.case_id,
            detail={"to_team": other.team_id, "to_entry": other.pk},
        )
    return enquiry


def enquiry_answer(*, actor: User, enquiry_id: int | None) -> Enquiry:
    """Mark a question to the actor's team answered (the answer itself goes by the agreed channel)."""
    enquiry = Enquiry.objects.filter(pk=enquiry_id, to_team_id=actor.team_id or 0).first() if enquiry_id else None
    if enquiry is None or not permissions.is_caseworker(actor):
        raise PermissionDenied
    if enquiry.answered_at is not None:
        return enquiry
    with transaction.atomic():
        enquiry.answered_at = timezone.now()
        enquiry.answered_by = actor
        enquiry.save(update_fields=["answered_at", "answered_by"])
        case_id = enquiry.to_entry.person.case_id if enquiry.to_entry.person else None
        record(actor=actor, verb=Verb.PERSON_ENQUIRY_ANSWERED, target=enquiry, case_id=case_id)
    return enquiry


def serial_review_record(
    *, actor: User, perpetrator_id: int, decision: str, reasons: str, next_review_on: date | None
) -> SerialReview:
    """Record a supervisor's review of a flagged person for their agency, and when to look again."""
    if not can_supervise_serial(actor):
        raise PermissionDenied
    perpetrator = flagged_in_agency(actor).filter(pk=perpetrator_id).first()
    if perpetrator is None:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if decision not in SerialReview.Decision.values:
        errors["decision"] = _("Select what you decided")
    if visible_length(reasons) < MIN_REASON:
        errors["reasons"] = _("Give your reasons, in at least %(count)d characters") % {"count": MIN_REASON}
    if next_review_on is None:
        errors["next_review_on"] = _("Enter the date of the next review")
    elif next_review_on <= timezone.localdate():
        errors["next_review_on"] = _("The next review must be after today")
    if errors:
        raise ValidationError(errors)
    assert next_review_on is not None
    with transaction.atomic():
        review = SerialReview.objects.create(
            perpetrator=Perpetrator.objects.get(pk=perpetrator.pk),
            agency_id=actor.agency_id or 0,
            decision=decision,
            reasons=reasons.strip(),
            reviewed_by=actor,
            next_review_on=next_review_on,
        )
        record(
            actor=actor,
            verb=Verb.SERIAL_REVIEW_RECORDED,
            target=review,
            detail={"perpetrator": perpetrator.pk, "decision": decision, "next": next_review_on.isoformat()},
        )
    return review
