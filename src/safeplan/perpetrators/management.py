"""Orders, custody, release and perpetrator management plans: the writes, each audited in its transaction.

Expiry, breach and release are trigger points: each is recorded on the victim's case as a timeline
event (safeplan.timeline), whose rules create the notification, reassessment and safety plan review
obligations. A release date reaches every open case of the perpetrator in the agency: at once on
the case of the person recording it, and as a notice on the others, which their own team records.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case, Person
from safeplan.cases.permissions import can_edit
from safeplan.content.perpetrator_tactics import perpetrator_tactics
from safeplan.domain.text import visible_length
from safeplan.perpetrators.models import (
    Custody,
    CustodyChange,
    IndexEntry,
    Order,
    OrderBreach,
    PerpetratorPlan,
    PlanReview,
    ReleaseTrigger,
)
from safeplan.perpetrators.releases import release_reached
from safeplan.perpetrators.selectors import entry_for_person
from safeplan.timeline.services import event_record

# The timeline's order types (content/events.yaml) for the orders it knows; notices, bail and licence are "other".
TIMELINE_ORDER_TYPE: dict[str, str] = {
    Order.Kind.NON_MOLESTATION.value: "non_molestation_order",
    Order.Kind.RESTRAINING.value: "restraining_order",
    Order.Kind.DVPO.value: "domestic_violence_protection_order",
    Order.Kind.DAPO.value: "domestic_abuse_protection_order",
    Order.Kind.SPO.value: "stalking_protection_order",
}


def _suspect_on(actor: User, case: Case, person: Person) -> IndexEntry:
    if not can_edit(actor, case) or person.case_id != case.pk or person.role != Person.Role.SUSPECT:
        raise PermissionDenied
    entry = entry_for_person(person)
    if entry is None:
        raise PermissionDenied
    return entry


def _text(errors: dict[str, str], name: str, value: str, message: str) -> None:
    if visible_length(value or "") == 0:
        errors[name] = message


def order_record(
    *,
    actor: User,
    case: Case,
    person: Person,
    kind: str,
    conditions_plain: str,
    starts_on: date | None,
    expires_on: date | None = None,
    notification_duties: str = "",
) -> Order:
    """Add an order against the case's suspect; one ending soon is a trigger point at once."""
    _suspect_on(actor, case, person)
    errors: dict[str, str] = {}
    if kind not in Order.Kind.values:
        errors["kind"] = _("Select the kind of order")
    _text(errors, "conditions_plain", conditions_plain, _("Write the conditions in words the victim can understand"))
    if starts_on is None:
        errors["starts_on"] = _("Enter the date it starts")
    elif expires_on is not None and expires_on < starts_on:
        errors["expires_on"] = _("The end date must be on or after the start date")
    if errors:
        raise ValidationError(errors)
    assert starts_on is not None
    with transaction.atomic():
        order = Order.objects.create(
            case=case,
            person=person,
            kind=kind,
            conditions_plain=conditions_plain.strip(),
            notification_duties=notification_duties.strip(),
            starts_on=starts_on,
            expires_on=expires_on,
            recorded_by=actor,
        )
        record(actor=actor, verb=Verb.ORDER_RECORDED, target=order, case_id=case.pk, detail={"kind": str(kind)})
        if expiry_due(order):
            order_expiry_record(actor=actor, case=case, order=order)
    return order


def expiry_due(order: Order, today: date | None = None) -> bool:
    """Return True when the order ends within the lead time and its ending is not yet a trigger point."""
    today = today or timezone.localdate()
    return (
        order.expires_on is not None
        and order.expiry_event_id is None
        and today <= order.expires_on <= today + timedelta(days=settings.PERPETRATOR_ORDER_LEAD_DAYS)
    )


def order_expiry_record(*, actor: User, case: Case, order: Order, today: date | None = None, details: str = "") -> None:
    """Record the order's coming end on the case: reassessment and plan review before it ends."""
    if not can_edit(actor, case) or order.case_id != case.pk or not expiry_due(order, today):
        raise PermissionDenied
    event = event_record(
        actor=actor,
        case=case,
        type_id="court_order_expiring",
        occurred_at=timezone.now(),
        details=details,
        fields={"order_type": TIMELINE_ORDER_TYPE.get(order.kind, "other"), "expires_on": order.expires_on},
    )
    Order.objects.filter(pk=order.pk).update(expiry_event_id=event.pk)
    order.expiry_event_id = event.pk


def order_expiries_reach_cases(today: date | None = None) -> dict[str, int]:
    """Make every order end now within the lead time a trigger point on its case; return what happened.

    For the tick: an order recorded with an end months ahead becomes a trigger point, with its
    reassessment, plan review and telling the victim, when its end comes within the lead time,
    without anyone having to open the perpetrator's page. The event is recorded for the person
    who entered the end date (or, if they can no longer edit the case, for its responsible
    officer or single point of contact), says in its notes that it was recorded automatically, and
    the tick's own audit row names the order. An order whose case nobody can edit is counted as
    stuck, so an operator sees it in the task result.
    """
    today = today or timezone.localdate()
    done = stuck = 0
    orders = Order.objects.filter(
        expiry_event_id__isnull=True,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=settings.PERPETRATOR_ORDER_LEAD_DAYS),
        case__status=Case.Status.OPEN,
    ).select_related("case", "recorded_by", "case__responsible_officer", "case__spoc")
    for order in orders:
        case = order.case
        actor = _case_holder(case, order.recorded_by)
        if actor is None:
            stuck += 1
            continue
        with transaction.atomic():
            locked = Order.objects.select_for_update().get(pk=order.pk)
            if locked.expiry_event_id is not None:
                continue
            order_expiry_record(
                actor=actor,
                case=case,
                order=locked,
                today=today,
                details=_("Recorded automatically: the order ends within %(days)d days.")
                % {"days": settings.PERPETRATOR_ORDER_LEAD_DAYS},
            )
            record(
                actor=None,
                actor_label="tick",
                verb=Verb.ORDER_EXPIRY_TRIGGERED,
                target=locked,
                case_id=case.pk,
                detail={"event": locked.expiry_event_id, "for": actor.pk, "expires_on": str(locked.expires_on)},
            )
        done += 1
    return {"orders": done, "stuck": stuck}


def order_breach_record(
    *, actor: User, case: Case, order_id: int | None, occurred_at: datetime | None, details: str
) -> OrderBreach:
    """Record a breach of one of the case's orders as a trigger point on the case."""
    order = Order.objects.filter(pk=order_id, case=case).first() if order_id else None
    if not can_edit(actor, case):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if order is None:
        errors["order"] = _("Choose the order that was broken")
    _text(errors, "details", details, _("Say what happened"))
    if occurred_at is None:
        errors["when_on"] = _("Enter when it happened")
    elif occurred_at > timezone.now():
        errors["when_on"] = _("The breach must be now or in the past")
    if errors:
        raise ValidationError(errors)
    assert order is not None
    assert occurred_at is not None
    with transaction.atomic():
        event = event_record(
            actor=actor,
            case=case,
            type_id="breach",
            occurred_at=occurred_at,
            fields={
                "what_was_broken": "bail_conditions" if order.kind == Order.Kind.BAIL else "court_order",
                "details_plain": details.strip(),
            },
        )
        breach = OrderBreach.objects.create(order=order, event_id=event.pk, occurred_at=occurred_at, recorded_by=actor)
        record(actor=actor, verb=Verb.ORDER_BREACHED, target=order, case_id=case.pk, detail={"event": event.pk})
    return breach


def custody_save(
    *,
    actor: User,
    case: Case,
    person: Person,
    status: str,
    reason: str,
    expected_release_on: date | None = None,
    licence_conditions: str = "",
    licence_ends_on: date | None = None,
    managing_agency: str = "",
    mappa_category: str = "",
    mappa_level: str = "",
    iom: bool = False,
) -> Custody:
    """Record the perpetrator's custody for the agency, keeping every change of status or release date.

    A release date within the lead time reaches the perpetrator's open cases in the agency, and
    sets when their management plan must be in place.
    """
    entry = _suspect_on(actor, case, person)
    agency_id = actor.agency_id or 0
    errors: dict[str, str] = {}
    if status not in Custody.Status.values:
        errors["status"] = _("Select where they are")
    _text(errors, "reason", reason, _("Say what changed, and how you know"))
    if mappa_category not in ("", "1", "2", "3", "4"):
        errors["mappa_category"] = _("MAPPA category is 1, 2, 3 or 4")
    if mappa_level not in ("", "1", "2", "3"):
        errors["mappa_level"] = _("MAPPA level is 1, 2 or 3")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        custody, _created = Custody.objects.select_for_update().get_or_create(
            perpetrator_id=entry.perpetrator_id, agency_id=agency_id, defaults={"status": status}
        )
        moved = _created or custody.status != status or custody.expected_release_on != expected_release_on
        values: dict[str, Any] = {
            "status": status,
            "expected_release_on": expected_release_on,
            "licence_conditions": licence_conditions.strip(),
            "licence_ends_on": licence_ends_on,
            "managing_agency": managing_agency.strip(),
            "mappa_category": mappa_category,
            "mappa_level": mappa_level,
            "iom": iom,
        }
        for name, value in values.items():
            setattr(custody, name, value)
        custody.save()
        if moved:
            CustodyChange.objects.create(
                custody=custody,
                status=status,
                expected_release_on=expected_release_on,
                reason=reason.strip(),
                changed_by=actor,
            )
        record(
            actor=actor,
            verb=Verb.CUSTODY_RECORDED,
            target=custody,
            case_id=case.pk,
            detail={"status": str(status), "release": expected_release_on.isoformat() if expected_release_on else None},
        )
        if release_due(custody):
            _release_reaches_cases(actor=actor, custody=custody, case=case)
    return custody


def release_due(custody: Custody, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        custody.expected_release_on is not None
        and custody.status in (Custody.Status.REMAND, Custody.Status.SENTENCED)
        and today <= custody.expected_release_on <= today + timedelta(days=settings.PERPETRATOR_RELEASE_LEAD_DAYS)
    )


def _release_notices(custody: Custody) -> list[ReleaseTrigger]:
    """Put the release on every open case of the person in the agency, and set when the plan is due."""
    release_on = custody.expected_release_on
    assert release_on is not None
    cases = Case.objects.filter(
        status=Case.Status.OPEN,
        team__agency_id=custody.agency_id,
        people__index_entry__perpetrator_id=custody.perpetrator_id,
    ).distinct()
    made = [ReleaseTrigger.objects.get_or_create(custody=custody, case=other, release_on=release_on) for other in cases]
    triggers = [trigger for trigger, _new in made]
    # Told here, once per new notice: a MARAC that heard the case alerts its coordinators.
    release_reached([trigger for trigger, new in made if new])
    plan, _created = PerpetratorPlan.objects.get_or_create(
        perpetrator_id=custody.perpetrator_id, agency_id=custody.agency_id
    )
    plan.due_by = release_on - timedelta(days=settings.PERPETRATOR_PLAN_DAYS_BEFORE_RELEASE)
    plan.save(update_fields=["due_by"])
    return triggers


def _release_reaches_cases(*, actor: User, custody: Custody, case: Case) -> None:
    """Put the release on the person's cases; record it at once on the actor's own case."""
    for trigger in _release_notices(custody):
        if trigger.case_id == case.pk and trigger.event_id is None:
            release_record(actor=actor, case=case, trigger=trigger)


def releases_reach_cases(today: date | None = None) -> int:
    """Put every release date that has come within the lead time on the person's cases; return the new notices.

    For the tick: a release recorded months ahead reaches the cases when it comes near. Each case's
    own team then records it there (the notice on the case page), which creates the obligations.
    """
    today = today or timezone.localdate()
    made = 0
    custodies = Custody.objects.filter(
        status__in=(Custody.Status.REMAND, Custody.Status.SENTENCED),
        expected_release_on__gte=today,
        expected_release_on__lte=today + timedelta(days=settings.PERPETRATOR_RELEASE_LEAD_DAYS),
    )
    for custody in custodies:
        with transaction.atomic():
            before = ReleaseTrigger.objects.filter(custody=custody).count()
            triggers = _release_notices(custody)
            new = ReleaseTrigger.objects.filter(custody=custody).count() - before
            if new:
                record(
                    actor=None,
                    actor_label="tick",
                    verb=Verb.RELEASE_TRIGGERED,
                    target=custody,
                    detail={
                        "cases": sorted(t.case_id for t in triggers),
                        "release_on": str(custody.expected_release_on),
                    },
                )
            made += new
    _record_waiting_releases(today)
    return made


def _case_holder(case: Case, *first: User | None) -> User | None:
    """Who an automatic trigger point is recorded for: the first who can still edit the case."""
    for user in (*first, case.responsible_officer, case.spoc):
        if user is not None and user.is_active and can_edit(user, case):
            return user
    return None


def _record_waiting_releases(today: date) -> None:
    """Record on its case every release notice nobody has recorded, so its obligations exist.

    A notice left on a case page helps nobody if nobody opens the page: the tick records it for
    the case's responsible officer (or single point of contact), whose team then holds the
    obligations to tell the victim, reassess and review the plan before the release.
    """
    waiting = ReleaseTrigger.objects.filter(
        event_id__isnull=True, release_on__gte=today, case__status=Case.Status.OPEN
    ).select_related("case", "case__responsible_officer", "case__spoc", "custody")
    for trigger in waiting:
        holder = _case_holder(trigger.case)
        if holder is None:
            continue
        with transaction.atomic():
            locked = ReleaseTrigger.objects.select_for_update().get(pk=trigger.pk)
            if locked.event_id is not None:
                continue
            release_record(
                actor=holder,
                case=trigger.case,
                trigger=locked,
                details=_("Recorded automatically: the release is within %(days)d days.")
                % {"days": settings.PERPETRATOR_RELEASE_LEAD_DAYS},
            )
            record(
                actor=None,
                actor_label="tick",
                verb=Verb.RELEASE_TRIGGERED,
                target=locked,
                case_id=trigger.case_id,
                detail={"event": locked.event_id, "for": holder.pk, "release_on": str(locked.release_on)},
            )


def release_record(*, actor: User, case: Case, trigger: ReleaseTrigger, details: str = "") -> ReleaseTrigger:
    """Record the coming release on the case: tell the victim, reassess and review the plan before it."""
    if not can_edit(actor, case) or trigger.case_id != case.pk or trigger.event_id is not None:
        raise PermissionDenied
    custody = trigger.custody
    with transaction.atomic():
        fields: dict[str, Any] = {"release_date": trigger.release_on}
        if custody.licence_conditions:
            fields["licence_conditions_plain"] = custody.licence_conditions
        event = event_record(
            actor=actor,
            case=case,
            type_id="release_from_prison",
            occurred_at=timezone.now(),
            details=details,
            fields=fields,
        )
        trigger.event_id = event.pk
        trigger.save(update_fields=["event_id"])
        record(
            actor=actor,
            verb=Verb.RELEASE_TRIGGERED,
            target=trigger,
            case_id=case.pk,
            detail={"event": event.pk, "release_on": trigger.release_on.isoformat()},
        )
    return trigger


def plan_save(
    *,
    actor: User,
    case: Case,
    person: Person,
    spoc: User | None,
    tactics: list[str],
    links: str = "",
    notes: str = "",
) -> PerpetratorPlan:
    """Save the agency's management plan for the person: a named SPOC in the agency and tactics from the content."""
    entry = _suspect_on(actor, case, person)
    errors: dict[str, str] = {}
    if spoc is None or not spoc.is_active or spoc.agency_id != actor.agency_id:
        errors["spoc"] = _("Choose who in your agency is the perpetrator's single point of contact")
    content = perpetrator_tactics()
    unknown = sorted(set(tactics) - set(content.ids()))
    if unknown or not tactics:
        errors["tactics"] = _("Choose at least one tactic")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan, _created = PerpetratorPlan.objects.select_for_update().get_or_create(
            perpetrator_id=entry.perpetrator_id, agency_id=actor.agency_id or 0
        )
        plan.spoc = spoc
        plan.tactics = [t for t in content.ids() if t in tactics]
        plan.tactics_version = content.version
        plan.links = links.strip()
        plan.notes = notes.strip()
        plan.agreed_at = timezone.now()
        plan.agreed_by = actor
        plan.save()
        record(
            actor=actor,
            verb=Verb.PERPETRATOR_PLAN_SAVED,
            target=plan,
            case_id=case.pk,
            detail={"tactics": plan.tactics, "spoc": spoc.pk if spoc else None},
        )
    return plan


def plan_review(*, actor: User, case: Case, person: Person, decision: str, next_review_on: date | None) -> PlanReview:
    """Record a review of the plan as a decision, and when to review it next."""
    entry = _suspect_on(actor, case, person)
    plan = PerpetratorPlan.objects.filter(
        perpetrator_id=entry.perpetrator_id, agency_id=actor.agency_id or 0, agreed_at__isnull=False
    ).first()
    errors: dict[str, str] = {}
    if plan is None:
        errors["decision"] = _("Agree the plan before reviewing it")
    _text(errors, "decision", decision, _("Record what was decided"))
    if next_review_on is None or next_review_on <= timezone.localdate():
        errors["next_review_on"] = _("The next review must be after today")
    if errors:
        raise ValidationError(errors)
    assert plan is not None
    assert next_review_on is not None
    with transaction.atomic():
        review = PlanReview.objects.create(
            plan=plan, decision=decision.strip(), next_review_on=next_review_on, reviewed_by=actor
        )
        record(
            actor=actor, verb=Verb.PERPETRATOR_PLAN_REVIEWED, target=plan, case_id=case.pk, detail={"review": review.pk}
        )
    return review
