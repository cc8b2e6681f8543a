"""Writes of case notes and the contact log. Each runs in one transaction with its audit entry.

A note is never edited: a correction is a new note that supersedes it, with the reason, and the
original stays. A contact is checked against the safe contact arrangement by the same decisions
as a notification (services.safe_contact_decisions, from domain/contact.py), and one contact can
answer several obligations to tell the victim at once.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases import permissions
from safeplan.cases.freetext import free_text_check
from safeplan.cases.models import Case
from safeplan.domain.contact import Channel
from safeplan.idempotent import create_once
from safeplan.timeline import eventdata
from safeplan.timeline.models import CaseNote, Contact, NotificationRecord, Obligation
from safeplan.timeline.services import MIN_NOTE, _check_moment, safe_contact_decisions


def _require_edit(actor: User, case: Case) -> None:
    if not permissions.can_edit(actor, case):
        raise PermissionDenied


def _text_errors(field: str, text: str, *, required: str) -> dict[str, list[str]]:
    if not text.strip():
        return {field: [required]}
    if len(text) > eventdata.MAX_TEXT:
        return {field: [_("Keep it to %(max)d characters or fewer.") % {"max": eventdata.MAX_TEXT}]}
    return {}


def note_write(*, actor: User, case: Case, text: str, submission: UUID | None = None) -> CaseNote:
    """Write a note on the case (a double submit of the same form makes one note)."""
    _require_edit(actor, case)
    errors = _text_errors("text", text, required=_("Write the note."))
    if errors:
        raise ValidationError(errors)
    free_text_check(actor=actor, case=case, texts={"text": text})

    def create() -> CaseNote:
        with transaction.atomic():
            note = CaseNote.objects.create(case=case, written_by=actor, text=text.strip(), submission=submission)
            record(actor=actor, verb=Verb.NOTE_WRITTEN, target=note, case_id=case.pk, detail={})
        return note

    return create_once(CaseNote, submission, {"case": case}, create)


def note_correct(*, actor: User, note: CaseNote, text: str, reason: str, submission: UUID | None = None) -> CaseNote:
    """Write a note that supersedes this one, with the reason; the original stays in the history.

    A note already corrected cannot be corrected again (correct the correction): two people
    correcting one note at once would otherwise leave two versions that each claim to be current.
    """
    case = note.case
    _require_edit(actor, case)
    errors = _text_errors("text", text, required=_("Write the corrected note."))
    if len(reason.strip()) < MIN_NOTE:
        errors["reason"] = [_("Say why the note is corrected, in at least %(min)d characters.") % {"min": MIN_NOTE}]
    if not errors and text.strip() == note.text.strip():
        errors["text"] = [_("The corrected note is the same as the original: change it, or go back.")]
    if errors:
        raise ValidationError(errors)
    free_text_check(actor=actor, case=case, texts={"text": text, "reason": reason})

    def create() -> CaseNote:
        with transaction.atomic():
            if CaseNote.objects.filter(supersedes=note).exists():
                raise ValidationError(_("This note has already been corrected. Correct the latest version."))
            correction = CaseNote.objects.create(
                case=case,
                written_by=actor,
                text=text.strip(),
                supersedes=note,
                correction_reason=reason.strip(),
                submission=submission,
            )
            record(
                actor=actor,
                verb=Verb.NOTE_CORRECTED,
                target=correction,
                case_id=case.pk,
                detail={"supersedes": note.pk},
            )
        return correction

    try:
        return create_once(CaseNote, submission, {"case": case}, create)
    except ValidationError:
        raise
    except Exception as error:  # the one-to-one refused a racing second correction
        if CaseNote.objects.filter(supersedes=note).exists():
            raise ValidationError(_("This note has already been corrected. Correct the latest version.")) from error
        raise


def contact_record(
    *,
    actor: User,
    case: Case,
    contacted_at: datetime | None,
    channel: str,
    direction: str,
    outcome: str,
    summary: str,
    emergency: bool = False,
    emergency_reason: str = "",
    answers: Collection[int] = (),
    submission: UUID | None = None,
) -> Contact:
    """Record a contact with the victim, or an attempt, in the case's contact log.

    An outgoing contact by a channel the arrangement does not allow, or outside the safe times,
    is refused with the reason (and the refusal audited), unless it is recorded as an emergency
    with the reason it could not wait or be done another way: then it is kept as it happened,
    marked, audited as a contact against the arrangement and shown to the team's supervisor. An
    incoming contact (the victim called) is hers to make and is not checked.

    answers are ids of the case's open obligations to tell the victim that this contact answers:
    a contact in which she was told completes each of them; any other outcome is recorded on each
    as an attempt that did not reach her, and leaves it open.
    """
    _require_edit(actor, case)
    errors: dict[str, list[str]] = {}
    try:
        _check_moment(contacted_at, "contacted_at")
    except ValidationError as error:
        errors.update(error.message_dict)
    if direction not in Contact.Direction.values:
        errors["direction"] = [_("Choose who made contact.")]
    if outcome not in Contact.Outcome.values:
        errors["outcome"] = [_("Choose what happened.")]
    errors.update(_text_errors("summary", summary, required=_("Write what was said, or what happened.")))
    against: list[str] = []
    refused = ""
    if channel not in {c.value for c in Channel}:
        errors["channel"] = [_("Choose how contact was made.")]
    elif direction == Contact.Direction.OUTGOING:
        _arrangement, by_channel, by_time = safe_contact_decisions(case, channel, contacted_at if not errors else None)
        if not by_channel.allowed:
            against.append(_(by_channel.reason))
            refused = "channel"
        if by_time is not None and not by_time.allowed:
            against.append(_(by_time.reason))
            refused = refused or "safe_times"
        if against and not emergency:
            errors["channel" if refused == "channel" else "contacted_at"] = [
                _(
                    "This contact is against the victim's safe contact arrangement: %(reasons)s. If it was an "
                    "emergency, record it as one and say why it could not wait or be done another way."
                )
                % {"reasons": "; ".join(against)}
            ]
    if against and emergency and not emergency_reason.strip():
        errors["emergency_reason"] = [_("Say why the contact could not wait or be done another way.")]
    wanted = set(answers)
    obligations = list(
        Obligation.objects.filter(case=case, pk__in=wanted, kind=Obligation.Kind.NOTIFY, done_at__isnull=True)
    )
    if len(obligations) != len(wanted):
        errors["answers"] = [_("Some of those are no longer waiting to be told. Check the list again.")]
    if errors:
        if refused and not emergency:
            with transaction.atomic():
                record(
                    actor=actor,
                    verb=Verb.CONTACT_REFUSED,
                    target=case,
                    case_id=case.pk,
                    detail={"channel": channel, "refused": refused, "contact_log": True},
                )
        raise ValidationError(errors)
    assert contacted_at is not None
    free_text_check(actor=actor, case=case, texts={"summary": summary, "emergency_reason": emergency_reason})
    is_against = bool(against)

    def create() -> Contact:
        with transaction.atomic():
            contact = Contact.objects.create(
                case=case,
                contacted_at=contacted_at,
                made_by=actor,
                channel=channel,
                direction=direction,
                outcome=outcome,
                summary=summary.strip(),
                against_arrangement=is_against,
                emergency_reason=emergency_reason.strip() if is_against else "",
                submission=submission,
            )
            told = contact.told
            for obligation in obligations:
                NotificationRecord.objects.create(
                    case=case,
                    obligation=obligation,
                    notified_at=contacted_at,
                    notified_by=actor,
                    channel=channel,
                    outcome=NotificationRecord.Outcome.TOLD if told else NotificationRecord.Outcome.NOT_REACHED,
                    what_was_said=summary.strip(),
                    emergency=is_against,
                    emergency_reason=emergency_reason.strip() if is_against else "",
                    contact=contact,
                )
                if told:
                    done = Obligation.objects.filter(pk=obligation.pk, done_at__isnull=True).update(
                        done_at=contacted_at, done_by=actor, completion=Obligation.Completion.NOTIFIED
                    )
                    if not done:  # someone recorded it a moment ago: save nothing of ours
                        raise ValidationError(
                            {"answers": [_("Some of those are no longer waiting to be told. Check the list again.")]}
                        )
            record(
                actor=actor,
                verb=Verb.CONTACT_AGAINST_ARRANGEMENT if is_against else Verb.CONTACT_RECORDED,
                target=contact,
                case_id=case.pk,
                detail={
                    "channel": channel,
                    "direction": direction,
                    "outcome": outcome,
                    "obligations": sorted(o.pk for o in obligations),
                    "completed": sorted(o.pk for o in obligations) if told else [],
                },
            )
        return contact

    return create_once(Contact, submission, {"case": case}, create)


def notes_viewed(*, actor: User, case: Case, what: str) -> None:
    """Record that the actor read the case's notes or its contact log."""
    record(actor=actor, verb=Verb.NOTES_VIEWED, target=case, case_id=case.pk, detail={"show": what})
