"""Writes of a case's hearing at MARAC: the chair's record, the meeting held, the minutes, telling the victim, closure.

Each runs in one transaction with its audit entry. The coordinators of the area write the
record, the minutes and the closure; telling the victim is recorded by the case's own team
(the IDVA, usually), by a channel the victim's safe contact arrangement allows.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.freetext import free_text_check
from safeplan.cases.permissions import can_edit
from safeplan.domain.workdays import london_day, working_day_deadline
from safeplan.idempotent import create_once
from safeplan.marac.models import AgendaItem, MaracAction, MaracMeeting, VictimUpdate
from safeplan.marac.permissions import coordinates
from safeplan.timeline.services import moment_check, safe_contact_errors
from safeplan.versioned import claim_version


def item_record(*, actor: User, item: AgendaItem, version: int, summary: str, risks: str) -> AgendaItem:
    """Save the chair's summary of the case and the risks identified (no save over a change not seen)."""
    if not coordinates(actor, item.meeting.area):
        raise PermissionDenied
    if item.closed_at is not None:
        raise ValidationError(_("The case is closed at MARAC."))
    free_text_check(actor=actor, case=item.case, texts={"summary": summary, "risks": risks})
    with transaction.atomic():
        claim_version(item, version)
        item.summary = summary.strip()
        item.risks = risks.strip()
        item.save(update_fields=["summary", "risks"])
        record(actor=actor, verb=Verb.MARAC_CASE_RECORDED, target=item, case_id=item.case_id)
    return item


def meeting_held(*, actor: User, meeting: MaracMeeting, now: datetime | None = None) -> MaracMeeting:
    """Record that the meeting was held; the minutes fall due N working days later (the area's setting)."""
    if not coordinates(actor, meeting.area):
        raise PermissionDenied
    now = now or timezone.now()
    if london_day(now) < meeting.meets_on:
        raise ValidationError(_("The meeting is on %(day)s: record it as held on the day.") % {"day": meeting.meets_on})
    with transaction.atomic():
        locked = MaracMeeting.objects.select_for_update().select_related("area").get(pk=meeting.pk)
        if locked.held_at is not None:
            raise ValidationError(_("The meeting has already been recorded as held."))
        locked.held_at = now
        locked.minutes_due_at = working_day_deadline(now, locked.area.minutes_working_days, locked.area.nation)
        locked.save(update_fields=["held_at", "minutes_due_at"])
        record(
            actor=actor,
            verb=Verb.MARAC_MEETING_HELD,
            target=locked,
            detail={"minutes_due_at": locked.minutes_due_at.isoformat()},
        )
    return locked


def minutes_viewed(*, actor: User, meeting: MaracMeeting) -> None:
    """Audit a view (or print) of the restricted minutes."""
    record(actor=actor, verb=Verb.MARAC_MINUTES_VIEWED, target=meeting)


def minutes_issue(*, actor: User, meeting: MaracMeeting) -> MaracMeeting:
    """Issue the minutes of a meeting that was held; this answers the coordinator's minutes deadline."""
    if not coordinates(actor, meeting.area):
        raise PermissionDenied
    with transaction.atomic():
        locked = MaracMeeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.held_at is None:
            raise ValidationError(_("Record the meeting as held before issuing its minutes."))
        if locked.minutes_issued_at is not None:
            raise ValidationError(_("The minutes have already been issued."))
        locked.minutes_issued_at = timezone.now()
        locked.minutes_issued_by = actor
        locked.save(update_fields=["minutes_issued_at", "minutes_issued_by"])
        record(
            actor=actor,
            verb=Verb.MARAC_MINUTES_ISSUED,
            target=locked,
            detail={"late": bool(locked.minutes_due_at and locked.minutes_issued_at > locked.minutes_due_at)},
        )
    return locked


def item_close(*, actor: User, item: AgendaItem, note: str) -> AgendaItem:
    """Close the case at MARAC once it was heard and no action on it is open; say why."""
    if not coordinates(actor, item.meeting.area):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError({"note": _("Say why the case is closed at MARAC.")})
    if item.meeting.held_at is None:
        raise ValidationError(_("Record the meeting as held before closing a case heard there."))
    free_text_check(actor=actor, case=item.case, texts={"note": note})
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if locked.closed_at is not None:
            raise ValidationError(_("The case is already closed at MARAC."))
        still_open = MaracAction.objects.filter(case_id=locked.case_id, state=MaracAction.State.OPEN).count()
        if still_open:
            raise ValidationError(
                _(
                    "%(n)s action on the case is still open. Each must be closed (done, could not be done, "
                    "or not done) before the case closes."
                )
                % {"n": still_open}
            )
        locked.closed_at = timezone.now()
        locked.closed_by = actor
        locked.closing_note = note.strip()
        locked.save(update_fields=["closed_at", "closed_by", "closing_note"])
        record(actor=actor, verb=Verb.MARAC_CASE_CLOSED, target=locked, case_id=locked.case_id)
    return locked


def victim_update_record(
    *,
    actor: User,
    item: AgendaItem,
    told_at: datetime | None,
    channel: str,
    passed_on: str,
    emergency: bool = False,
    emergency_reason: str = "",
    submission: UUID | None = None,
) -> VictimUpdate:
    """Record what the case's team passed on to the victim after the meeting, by a channel the arrangement allows.

    The safe contact rule is the timeline's (safeplan.timeline.services.safe_contact_errors, over
    safeplan.domain.contact): a forbidden channel, or a time outside the safe times that is not an
    emergency, is refused and the refusal audited; nothing else is saved.
    """
    case = item.case
    if not can_edit(actor, case):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    try:
        moment_check(told_at, "told_on")
    except ValidationError as error:
        errors.update(error.message_dict)
    if told_at is not None and "told_on" not in errors and told_at < item.meeting.meets_at:
        errors["told_on"] = [_("The victim is told what the meeting agreed after it, not before.")]
    refused, emergency = safe_contact_errors(
        case,
        channel,
        told_at if "told_on" not in errors else None,
        emergency=emergency,
        errors=errors,
        moment_field="told_on",
    )
    if emergency and not emergency_reason.strip():
        errors["emergency_reason"] = [_("Say why the contact could not wait for a safe time.")]
    if not passed_on.strip():
        errors["passed_on"] = [_("Write down what you passed on to the victim.")]
    if errors:
        if refused:
            with transaction.atomic():
                record(
                    actor=actor,
                    verb=Verb.CONTACT_REFUSED,
                    target=item,
                    case_id=case.pk,
                    detail={"marac_item": item.pk, "channel": channel, "refused": refused},
                )
        raise ValidationError(errors)
    free_text_check(actor=actor, case=case, texts={"passed_on": passed_on, "emergency_reason": emergency_reason})
    assert told_at is not None

    def create() -> VictimUpdate:
        with transaction.atomic():
            made = VictimUpdate.objects.create(
                item=item,
                channel=channel,
                passed_on=passed_on.strip(),
                told_at=told_at,
                emergency=emergency,
                emergency_reason=emergency_reason.strip() if emergency else "",
                recorded_by=actor,
                submission=submission,
            )
            record(
                actor=actor,
                verb=Verb.MARAC_VICTIM_TOLD,
                target=made,
                case_id=case.pk,
                detail={"item": item.pk, "channel": channel, "emergency": emergency},
            )
        return made

    return create_once(VictimUpdate, submission, {"item": item, "recorded_by": actor}, create)
