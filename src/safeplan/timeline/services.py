"""Writes to the timeline. Each runs in one transaction with its audit entry; mail goes on commit."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import Agency, Role, User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases import permissions
from safeplan.cases.freetext import free_text_check
from safeplan.cases.models import Case, CaseShare, Handover, SafeContact
from safeplan.content.events import event_rules
from safeplan.domain.contact import Channel, Decision, channel_decision, time_decision
from safeplan.domain.deadlines import ObligationSpec, obligations_for_event
from safeplan.idempotent import create_once
from safeplan.timeline import eventdata, mail
from safeplan.timeline.models import CaseEvent, ChecklistTick, NotificationRecord, Obligation
from safeplan.timeline.permissions import can_act_on
from safeplan.timeline.selectors import open_obligations

# Clocks on phones and servers drift; a time a minute or two ahead is not "in the future".
CLOCK_SLACK = timedelta(minutes=5)
WITHDRAWAL = "withdrawal_of_support"
MIN_NOTE = 10


def _require_edit(actor: User, case: Case) -> None:
    if not permissions.can_edit(actor, case):
        raise PermissionDenied


def _require_act(actor: User, obligation: Obligation) -> None:
    if not can_act_on(actor, obligation):
        raise PermissionDenied


def _check_moment(value: datetime | None, field: str, *, required: bool = True) -> None:
    if value is None:
        if required:
            raise ValidationError({field: _("Enter the date and time.")})
        return
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field} must be timezone-aware")
    now = timezone.now()
    if value > now + CLOCK_SLACK:
        raise ValidationError({field: _("The date and time cannot be in the future.")})
    years = settings.EVENT_OLDEST_YEARS
    if value < now - timedelta(days=365 * years + years // 4):
        raise ValidationError(
            {field: _("The date cannot be more than %(years)d years ago: check the year.") % {"years": years}}
        )


def moment_check(value: datetime | None, field: str) -> None:
    """Refuse a missing moment, one in the future or one implausibly long ago (ValidationError keyed by field)."""
    _check_moment(value, field)


def case_nation(case: Case) -> str:
    """Return the nation whose bank holidays count for the case: its agency's."""
    return str(case.team.agency.nation)


def witness_care_for(case: Case) -> User | None:
    """Return the witness care officer who tells the victim about court outcomes, or None.

    Only someone who can open the case will do: the single point of contact if they are in
    witness care; otherwise whoever in witness care already holds the case's court outcomes;
    otherwise a witness care officer in the owning team, then in a team the case is shared with.
    """
    if case.spoc.role == Role.WITNESS_CARE and case.spoc.is_active:
        return case.spoc
    live_shares = CaseShare.objects.filter(case=case, expires_at__gt=timezone.now(), revoked_at__isnull=True)
    candidates = list(
        User.objects.people()
        .filter(is_active=True, role=Role.WITNESS_CARE)
        .filter(Q(team_id=case.team_id) | Q(team_id__in=live_shares.values("team_id")))
        .order_by("pk")
    )
    if not candidates:
        return None
    previous = (
        Obligation.objects.filter(case=case, owner_role=Obligation.OwnerRole.WITNESS_CARE, owner_fallback=False)
        .order_by("-created_at", "-pk")
        .values_list("owner_id", flat=True)
        .first()
    )
    for user in candidates:
        if user.pk == previous:
            return user
    return min(candidates, key=lambda user: (user.team_id != case.team_id, user.pk))


# The Victims' Code gives notification duties to the police and witness care units. An IDVA holds
# one only as the case's single point of contact (owner "spoc"), never as a stand-in for witness care.
DUTY_HOLDING_KINDS = frozenset({Agency.Kind.POLICE, Agency.Kind.WITNESS_CARE})


def holds_notification_duties(user: User) -> bool:
    """Return whether the user's agency kind and role hold Victims' Code duties (police or witness care)."""
    return (
        user.is_active and user.role != Role.IDVA and user.agency is not None and user.agency.kind in DUTY_HOLDING_KINDS
    )


def _owner(case: Case, spec: ObligationSpec, witness_care: User | None) -> tuple[User, bool]:
    if spec.owner_role == "responsible_officer":
        return case.responsible_officer, False
    if spec.owner_role == "witness_care":
        if witness_care is not None:
            return witness_care, False
        # Nobody in witness care can open the case: the police hold the duty until someone does.
        for stand_in in (case.spoc, case.responsible_officer):
            if holds_notification_duties(stand_in):
                return stand_in, True
        return case.responsible_officer, True
    return case.spoc, False


def event_record(
    *,
    actor: User,
    case: Case,
    type_id: str,
    occurred_at: datetime | None,
    received_at: datetime | None = None,
    details: str = "",
    fields: Mapping[str, Any] | None = None,
    submission: UUID | None = None,
) -> CaseEvent:
    """Record an event on the case and create the obligations its rules call for, together.

    The same submission (a double click on the form) records it, and its obligations, once.

    The notify deadline of a court outcome runs from received_at (when the result reached
    the case) if it is given; every deadline is in working days of the case's nation.
    """
    _require_edit(actor, case)
    if case.status != Case.Status.OPEN:
        raise ValidationError(_("The case is closed. Reopen it to record an event."))
    rules = event_rules()
    try:
        event_type = rules.by_id(type_id)
    except KeyError:
        raise ValidationError({"type": _("Choose what happened.")}) from None
    errors: dict[str, list[str]] = {}
    for name, moment, required in (("occurred_at", occurred_at, True), ("received_at", received_at, False)):
        try:
            _check_moment(moment, name, required=required)
        except ValidationError as error:
            errors.update(error.message_dict)
    if occurred_at is not None and received_at is not None and received_at < occurred_at:
        errors.setdefault("received_at", []).append(_("The result cannot reach you before the event happened."))
    try:
        cleaned = eventdata.clean(event_type, fields or {})
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            errors.update(error.message_dict)
        else:
            errors.setdefault("__all__", []).extend(error.messages)
    if len(details) > eventdata.MAX_TEXT:
        errors["details"] = [_("Keep the notes to %(max)d characters or fewer.") % {"max": eventdata.MAX_TEXT}]
    if errors:
        raise ValidationError(errors)
    assert occurred_at is not None
    # The notes are the officer's own words: an address there is refused. The type's fields record
    # what a court or custody officer set (bail conditions may have to name a street): they are kept
    # as written and shown redacted.
    free_text_check(actor=actor, case=case, texts={"details": details, **cleaned}, keep=set(cleaned))

    specs = obligations_for_event(
        type_id, occurred_at, case_nation(case), enhanced_rights=True, received_at=received_at, details=cleaned
    )
    witness_care = witness_care_for(case) if any(s.owner_role == "witness_care" for s in specs) else None

    def create() -> CaseEvent:
        with transaction.atomic():
            event = CaseEvent(
                case=case,
                type=type_id,
                rules_version=rules.version,
                occurred_at=occurred_at,
                received_at=received_at,
                recorded_by=actor,
                details=details.strip(),
                submission=submission,
            )
            event.set_fields(cleaned)
            event.save()
            created = []
            for spec in specs:
                owner, fallback = _owner(case, spec, witness_care)
                created.append(
                    Obligation.objects.create(
                        case=case,
                        event=event,
                        kind=spec.kind,
                        owner_role=spec.owner_role,
                        owner=owner,
                        owner_fallback=fallback,
                        working_days=spec.working_days,
                        due_at=spec.due_at,
                    )
                )
            record(
                actor=actor,
                verb=Verb.EVENT_RECORDED,
                target=event,
                case_id=case.pk,
                detail={
                    "type": type_id,
                    "rules_version": rules.version,
                    "fields": sorted(cleaned),
                    "obligations": [{"id": o.pk, "kind": o.kind, "owner": o.owner_id} for o in created],
                },
            )
            mail.new_obligations(case, [o for o in created if o.owner_id != actor.pk])
        return event

    return create_once(CaseEvent, submission, {"case": case, "recorded_by": actor}, create)


def safe_contact_decisions(
    case: Case, channel: str, at: datetime | None
) -> tuple[SafeContact | None, Decision, Decision | None]:
    """Return the case's arrangement and what domain/contact.py decides about a contact by this channel at this time.

    The time decision is None without an arrangement or a time. Every place that records a
    contact (a notification, the contact log) asks here, so the rule is applied one way.
    """
    contact = SafeContact.objects.filter(case=case).first()
    by_channel = channel_decision(
        channel,
        allowed_channels=contact.allowed_channels if contact else (),
        never=contact.never if contact else (),
        arrangement_recorded=contact is not None,
    )
    by_time = None
    if contact is not None and at is not None:
        by_time = time_decision(timezone.localtime(at, timezone.get_default_timezone()), contact.windows)
    return contact, by_channel, by_time


def safe_contact_errors(
    case: Case,
    channel: str,
    moment: datetime | None,
    *,
    emergency: bool,
    errors: dict[str, list[str]],
    moment_field: str = "notified_at",
) -> tuple[str, bool]:
    """Add to errors what the victim's safe contact arrangement refuses about contact by channel at moment.

    The one mapping of safeplan.domain.contact's decisions to messages, for every record of
    contact with the victim (this app's notifications, the MARAC's telling the victim): a channel
    the arrangement forbids, or any channel when none is recorded, is refused ("channel"); so is
    a moment outside the safe times unless it is an emergency ("safe_times"). Return what was
    refused ("" for nothing) and whether it still counts as an emergency (never within the safe times).
    """
    refused = ""
    if channel not in {c.value for c in Channel}:
        errors["channel"] = [_("Choose how you made contact.")]
        return refused, emergency
    contact, decision, when = safe_contact_decisions(case, channel, moment)
    if not decision.allowed:
        errors["channel"] = [_("You cannot use this channel: %(reason)s.") % {"reason": _(decision.reason)}]
        return "channel", emergency
    if contact is not None and when is not None:
        if not when.allowed and not emergency:
            errors[moment_field] = [
                _(
                    "You cannot make contact at this time: %(reason)s (%(hours)s). If it could not wait, "
                    "record it as an emergency and say why."
                )
                % {"reason": _(when.reason), "hours": contact.safe_hours}
            ]
            refused = "safe_times"
        elif when.allowed:
            emergency = False  # within the safe times there is nothing to explain
    return refused, emergency


def notification_record(
    *,
    actor: User,
    obligation: Obligation,
    notified_at: datetime | None,
    channel: str,
    outcome: str,
    what_was_said: str,
    emergency: bool = False,
    emergency_reason: str = "",
) -> NotificationRecord:
    """Record telling the victim (or trying to), by a channel their safe contact arrangement allows.

    A channel the arrangement forbids, or any channel when no arrangement is recorded, is
    refused with the reason: never merely warned about. So is a contact outside the victim's
    safe times, unless it is recorded as an emergency with the reason it could not wait. Each
    refusal is audited (what was refused, never the text), so a supervisor can see attempts.
    Telling the victim completes the obligation; an attempt that did not reach them leaves it open.
    """
    case = obligation.case
    _require_act(actor, obligation)
    if obligation.kind != Obligation.Kind.NOTIFY:
        raise ValidationError(_("Only an obligation to tell the victim takes a notification."))
    if obligation.done_at is not None:
        raise ValidationError(_("This has already been done."))
    errors: dict[str, list[str]] = {}
    try:
        _check_moment(notified_at, "notified_at")
    except ValidationError as error:
        errors.update(error.message_dict)
    refused, emergency = safe_contact_errors(
        case, channel, notified_at if "notified_at" not in errors else None, emergency=emergency, errors=errors
    )
    if emergency and not emergency_reason.strip():
        errors["emergency_reason"] = [_("Say why the contact could not wait for a safe time.")]
    if outcome not in NotificationRecord.Outcome.values:
        errors["outcome"] = [_("Choose whether the victim was told.")]
    if not what_was_said.strip():
        errors["what_was_said"] = [_("Write down what you told the victim, or what happened when you tried.")]
    if errors:
        if refused:
            # Audited in its own transaction: the refusal is kept though nothing else is saved.
            with transaction.atomic():
                record(
                    actor=actor,
                    verb=Verb.CONTACT_REFUSED,
                    target=obligation,
                    case_id=case.pk,
                    detail={"obligation": obligation.pk, "channel": channel, "refused": refused},
                )
        raise ValidationError(errors)
    free_text_check(
        actor=actor, case=case, texts={"what_was_said": what_was_said, "emergency_reason": emergency_reason}
    )
    assert notified_at is not None
    with transaction.atomic():
        notification = NotificationRecord.objects.create(
            case=case,
            obligation=obligation,
            notified_at=notified_at,
            notified_by=actor,
            channel=channel,
            outcome=outcome,
            what_was_said=what_was_said.strip(),
            emergency=emergency,
            emergency_reason=emergency_reason.strip() if emergency else "",
        )
        if outcome == NotificationRecord.Outcome.TOLD:
            done = Obligation.objects.filter(pk=obligation.pk, done_at__isnull=True).update(
                done_at=notified_at, done_by=actor, completion=Obligation.Completion.NOTIFIED
            )
            if not done:
                # Someone else recorded it a moment ago: keep theirs, save nothing of ours.
                raise ValidationError(_("This has already been done."))
            obligation.refresh_from_db()
        record(
            actor=actor,
            verb=Verb.NOTIFICATION_RECORDED,
            target=notification,
            case_id=case.pk,
            detail={"obligation": obligation.pk, "channel": channel, "outcome": outcome, "emergency": emergency},
        )
    return notification


def obligation_open(
    *,
    actor: User,
    case: Case,
    kind: str,
    owner: User,
    owner_role: str,
    due_at: datetime,
    asked_by_assessment_id: int,
) -> Obligation:
    """Open an obligation that a risk assessment asks for, and tell its owner once saved.

    For the risk and marac apps: a routine risk review, a decision on a MARAC referral, a
    supervisor's check of a lowered grade. The caller holds the transaction (this joins it).
    """
    if kind not in (Obligation.Kind.REVIEW_RISK, Obligation.Kind.MARAC_DECISION, Obligation.Kind.CHECK_LOWERED_GRADE):
        raise ValueError(f"an event asks for {kind!r} obligations, not an assessment")
    if owner_role not in Obligation.OwnerRole.values:
        raise ValueError(f"unknown owner role {owner_role!r}")
    with transaction.atomic():
        obligation = Obligation.objects.create(
            case=case,
            kind=kind,
            owner_role=owner_role,
            owner=owner,
            working_days=0,
            due_at=due_at,
            asked_by_assessment_id=asked_by_assessment_id,
        )
        record(
            actor=actor,
            verb=Verb.OBLIGATION_OPENED,
            target=obligation,
            case_id=case.pk,
            detail={
                "kind": str(kind),
                "owner": owner.pk,
                "due_at": due_at.isoformat(),
                "assessment": asked_by_assessment_id,
            },
        )
        if owner.pk != actor.pk:
            mail.new_obligations(case, [obligation])
    return obligation


def obligation_reschedule(*, actor: User, obligation: Obligation, due_at: datetime, reason: str) -> Obligation:
    """Move an open obligation's deadline (a screen that raised the grade brings the routine review forward).

    The reminder is sent afresh for the new day, and an escalation stands only if it is still overdue.
    """
    if obligation.done_at is not None or due_at == obligation.due_at:
        return obligation
    with transaction.atomic():
        previous = obligation.due_at
        changes: dict[str, Any] = {"due_at": due_at, "reminded_at": None}
        if due_at > previous:
            changes["escalated_at"] = None
        Obligation.objects.filter(pk=obligation.pk).update(**changes)
        obligation.refresh_from_db()
        record(
            actor=actor,
            verb=Verb.OBLIGATION_RESCHEDULED,
            target=obligation,
            case_id=obligation.case_id,
            detail={"from": previous.isoformat(), "to": due_at.isoformat(), "reason": reason},
        )
    return obligation


# Why a notify obligation may be closed without a notification; every other reason to close
# one is a notification, which goes through the safe contact check.
NOTIFY_COMPLETIONS = (Obligation.Completion.VICTIM_OPTED_OUT, Obligation.Completion.TOLD_BY_OTHER_AGENCY)


def obligation_complete(
    *,
    actor: User,
    obligation: Obligation,
    note: str = "",
    reason: str = "",
    plan_version_id: int | None = None,
    assessment_id: int | None = None,
    marac_decision_id: int | None = None,
    completed_at: datetime | None = None,
) -> Obligation:
    """Mark the obligation done.

    The plans app passes plan_version_id for a plan review, the risk app assessment_id for
    a reassessment or routine review, and the marac app marac_decision_id for a MARAC
    decision; a person completing one by hand gives a note. A notification obligation
    is completed by recording the notification, or here only with a reason (the victim asked
    not to be told, or another agency told them) and a note. A MARAC decision is only ever
    completed by recording the decision.
    """
    _require_act(actor, obligation)
    if obligation.done_at is not None:
        raise ValidationError(_("This has already been done."))
    completed_at = completed_at or timezone.now()
    _check_moment(completed_at, "completed_at")
    errors: dict[str, str] = {}
    if plan_version_id is not None:
        if obligation.kind != Obligation.Kind.REVIEW_PLAN:
            raise ValueError("only a plan review is answered by a plan version")
        completion = Obligation.Completion.PLAN_VERSION
    elif assessment_id is not None:
        if obligation.kind not in (Obligation.Kind.REASSESS, Obligation.Kind.REVIEW_RISK):
            raise ValueError("only a reassessment or a routine risk review is answered by an assessment")
        completion = Obligation.Completion.ASSESSMENT
    elif marac_decision_id is not None:
        if obligation.kind != Obligation.Kind.MARAC_DECISION:
            raise ValueError("only a MARAC decision obligation is answered by a MARAC decision")
        completion = Obligation.Completion.MARAC_DECISION
    elif obligation.kind == Obligation.Kind.MARAC_DECISION:
        raise ValidationError(_("Record the MARAC decision on the assessment: that marks this done."))
    elif obligation.kind == Obligation.Kind.NOTIFY:
        if reason not in NOTIFY_COMPLETIONS:
            errors["reason"] = _("Choose why the victim is not being told by you.")
        completion = Obligation.Completion(reason) if reason in NOTIFY_COMPLETIONS else Obligation.Completion.MANUAL
    else:
        completion = Obligation.Completion.MANUAL
    manual = plan_version_id is None and assessment_id is None and marac_decision_id is None
    if manual and len(note.strip()) < MIN_NOTE:
        errors["note"] = _("Explain what was done, in at least %(min)d characters.") % {"min": MIN_NOTE}
    if errors:
        raise ValidationError(errors)
    free_text_check(actor=actor, case=obligation.case, texts={"note": note})
    with transaction.atomic():
        done = Obligation.objects.filter(pk=obligation.pk, done_at__isnull=True).update(
            done_at=completed_at,
            done_by=actor,
            completion=completion,
            completion_note=note.strip(),
            answered_by_plan_version_id=plan_version_id,
            answered_by_assessment_id=assessment_id,
            answered_by_marac_decision_id=marac_decision_id,
        )
        if not done:
            raise ValidationError(_("This has already been done."))
        obligation.refresh_from_db()
        detail: dict[str, Any] = {"kind": obligation.kind, "completion": completion.value}
        if plan_version_id is not None:
            detail["plan_version"] = plan_version_id
        if assessment_id is not None:
            detail["assessment"] = assessment_id
        if marac_decision_id is not None:
            detail["marac_decision"] = marac_decision_id
        record(
            actor=actor, verb=Verb.OBLIGATION_COMPLETED, target=obligation, case_id=obligation.case_id, detail=detail
        )
    return obligation


# The kinds a new record answers: the risk app's new assessment answers the reassessments,
# the plans app's new plan version the plan reviews.
ANSWERABLE = frozenset(
    {
        Obligation.Kind.REASSESS,
        Obligation.Kind.REVIEW_PLAN,
        Obligation.Kind.REVIEW_RISK,
        Obligation.Kind.MARAC_DECISION,
    }
)


def obligations_answer(
    *, actor: User, case: Case, kind: str, answer_id: int, completed_at: datetime | None = None
) -> list[Obligation]:
    """Complete the case's open obligations of this kind as answered by a new record; return them.

    A new assessment (kind "reassess", answer_id the assessment's id) answers every
    reassessment the case's trigger points asked for, and a new checklist ("review_risk")
    the routine review; a new plan version (kind "review_plan", the version's id) every
    plan review; a MARAC decision ("marac_decision", the decision's id) the decision asked
    for. Call it inside the transaction that saves the record, so both are committed
    together; each completion writes its own audit entry. completed_at is when the record
    was made (now by default). Any other kind raises ValueError: a notification is answered
    only by telling the victim.
    """
    if kind not in ANSWERABLE:
        raise ValueError(f"an obligation of kind {kind!r} is not answered by a new record")
    assessment_id = answer_id if kind in (Obligation.Kind.REASSESS, Obligation.Kind.REVIEW_RISK) else None
    plan_version_id = answer_id if kind == Obligation.Kind.REVIEW_PLAN else None
    marac_decision_id = answer_id if kind == Obligation.Kind.MARAC_DECISION else None
    with transaction.atomic():
        return [
            obligation_complete(
                actor=actor,
                obligation=obligation,
                assessment_id=assessment_id,
                plan_version_id=plan_version_id,
                marac_decision_id=marac_decision_id,
                completed_at=completed_at,
            )
            for obligation in open_obligations(case, kind=kind)
        ]


def obligations_follow_handover(*, actor: User, case: Case, duty: str, to_user: User) -> list[int]:
    """Give the new owner of a duty the case's open obligations that go with it; return their ids.

    Call it inside the handover's transaction. A moved obligation is reminded afresh, since
    its new owner has not been reminded; an escalation stands. duty is a Handover.Duty member or
    its value; the audit detail gets the plain value either way.
    """
    try:
        duty = Handover.Duty(duty).value
    except ValueError:
        raise ValueError(f"unknown duty {duty!r}") from None
    if duty == Handover.Duty.RESPONSIBLE_OFFICER:
        which = Q(owner_role=Obligation.OwnerRole.RESPONSIBLE_OFFICER)
    elif duty == Handover.Duty.SPOC:
        which = Q(owner_role=Obligation.OwnerRole.SPOC)
        if holds_notification_duties(to_user):  # witness care's duties never pass to an IDVA
            which |= Q(owner_fallback=True)
    else:
        raise ValueError(f"unknown duty {duty!r}")
    with transaction.atomic():
        moving = list(
            Obligation.objects.filter(which, case=case, done_at__isnull=True)
            .exclude(owner=to_user)
            .values_list("pk", flat=True)
        )
        if moving:
            Obligation.objects.filter(pk__in=moving).update(owner=to_user, reminded_at=None)
            record(
                actor=actor,
                verb=Verb.OBLIGATION_REASSIGNED,
                target=case,
                case_id=case.pk,
                detail={"duty": duty, "to": to_user.pk, "obligations": moving},
            )
    return moving


def withdrawal_checklist_items() -> list[str]:
    rules = event_rules()
    return [item.id for item in rules.withdrawal.statement.items + rules.withdrawal.background_report.items]


def withdrawal_checklist_save(*, actor: User, event: CaseEvent, ticked: Collection[str]) -> tuple[list[str], list[str]]:
    """Store which points of the withdrawal checklist are covered; return the ids ticked and unticked."""
    _require_edit(actor, event.case)
    if event.type != WITHDRAWAL:
        raise ValueError("only a withdrawal of support has a withdrawal checklist")
    known = withdrawal_checklist_items()
    unknown = sorted(set(ticked) - set(known))
    if unknown:
        raise ValidationError(_("Those are not points of the checklist."))
    with transaction.atomic():
        existing = set(event.checklist_ticks.values_list("item_id", flat=True))
        added = [item for item in known if item in ticked and item not in existing]
        removed = [item for item in known if item in existing and item not in ticked]
        if not added and not removed:
            return [], []
        ChecklistTick.objects.bulk_create([ChecklistTick(event=event, item_id=i, ticked_by=actor) for i in added])
        event.checklist_ticks.filter(item_id__in=removed).delete()
        record(
            actor=actor,
            verb=Verb.WITHDRAWAL_CHECKLIST_UPDATED,
            target=event,
            case_id=event.case_id,
            detail={"ticked": added, "unticked": removed},
        )
    return added, removed


def timeline_viewed(*, actor: User, case: Case, event: CaseEvent | None = None) -> None:
    """Record that the actor read the case's timeline, or one event of it."""
    record(
        actor=actor,
        verb=Verb.TIMELINE_VIEWED,
        target=event or case,
        case_id=case.pk,
        detail={"event": event.pk} if event is not None else {},
    )
