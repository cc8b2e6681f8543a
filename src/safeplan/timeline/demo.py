"""Synthetic timelines for the demo cases: events, obligations due at every stage, a few notifications.

Times are relative to when the loader runs, so the work queues show something overdue, due
today and upcoming. Every word is invented.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.cases.models import Case, SafeContact
from safeplan.domain.contact import time_decision
from safeplan.timeline.models import CaseEvent
from safeplan.timeline.notes import contact_record, note_correct, note_write
from safeplan.timeline.services import (
    event_record,
    notification_record,
    obligation_complete,
    withdrawal_checklist_save,
)


def _first_safe_time(start: datetime, end: datetime, contact: SafeContact | None) -> datetime | None:
    """Return the first half hour from start to end inside the victim's safe times, or None if there is none."""
    windows = contact.windows if contact else []
    moment = start
    while moment <= end:
        if time_decision(timezone.localtime(moment), windows).allowed:
            return moment
        moment += timedelta(minutes=30)
    return None


CONDITIONS = (
    "Must not contact her in any way, in person, by phone, by message or through anyone else. "
    "Must not go to Example Road. Must stay at his mother's address every night from 9pm to 7am. (synthetic)"
)


def _days(n: int) -> date:
    return (timezone.localtime() + timedelta(days=n)).date()


# Each story: (event type, how long ago, fields, whether the victim has been told).
STORIES: list[list[tuple[str, timedelta, dict[str, Any], bool]]] = [
    [
        ("arrest", timedelta(days=6), {}, True),
        (
            "bail_with_conditions",
            timedelta(days=5, hours=-6),
            {"granted_by": "police", "conditions_plain": CONDITIONS},
            True,
        ),
        (
            "breach",
            timedelta(hours=5),
            {"what_was_broken": "bail_conditions", "details_plain": "Seen outside her work."},
            False,
        ),
    ],
    [
        ("arrest", timedelta(hours=20), {}, False),
        ("bail_with_conditions", timedelta(hours=3), {"granted_by": "court", "conditions_plain": CONDITIONS}, False),
    ],
    [("charge", timedelta(days=9), {"charges_plain": "Assault and controlling behaviour (synthetic)."}, False)],
    [("withdrawal_of_support", timedelta(days=1), {"pressure_suspected": "not_known"}, False)],
    [("verdict", timedelta(days=2), {"outcome": "guilty"}, False)],
    [
        (
            "release_from_prison",
            timedelta(hours=2),
            {"release_date": _days(12), "licence_conditions_plain": "Must live at an approved address (synthetic)."},
            False,
        )
    ],
    [
        (
            "new_incident",
            timedelta(hours=1),
            {"what_happened": "Flowers left on the doorstep with no note (synthetic)."},
            False,
        )
    ],
    [("first_hearing", timedelta(days=3), {"court": "Demotown Magistrates' Court (synthetic)"}, True)],
]


def _fields(type_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    if type_id == "first_hearing":
        from datetime import time

        return {**fields, "hearing_date": _days(14), "hearing_time": time(10, 0)}
    return fields


def load() -> int:
    """Give the first demo cases a timeline once; return how many demo events exist. Running again changes nothing."""
    demo_events = CaseEvent.objects.filter(case__is_demo=True)
    if demo_events.exists():
        return demo_events.count()
    cases = list(
        Case.objects.filter(is_demo=True, status=Case.Status.OPEN)
        .select_related("team__agency", "responsible_officer", "spoc")
        .order_by("reference")[: len(STORIES)]
    )
    now = timezone.now()
    with transaction.atomic():
        for case, story in zip(cases, STORIES, strict=False):
            contact = SafeContact.objects.filter(case=case).first()
            channel = contact.allowed_channels[0] if contact and contact.allowed_channels else None
            for type_id, ago, fields, told in story:
                event = event_record(
                    actor=case.responsible_officer,
                    case=case,
                    type_id=type_id,
                    occurred_at=now - ago,
                    fields=_fields(type_id, fields),
                    details="Synthetic demo event.",
                )
                notify = event.obligations.filter(kind="notify").first()
                told_at = _first_safe_time(now - ago + timedelta(hours=2), now, contact)
                if told and notify is not None and channel is not None and told_at is not None:
                    notification_record(
                        actor=case.spoc,
                        obligation=notify,
                        notified_at=told_at,
                        channel=channel,
                        outcome="told",
                        what_was_said="Explained what happened and what it means for her safety (synthetic).",
                    )
                if told:
                    for review in event.obligations.exclude(kind="notify"):
                        obligation_complete(
                            actor=case.responsible_officer,
                            obligation=review,
                            note="Reviewed with the victim at a safe place (synthetic).",
                            completed_at=now - ago + timedelta(hours=4),
                        )
                if type_id == "withdrawal_of_support":
                    withdrawal_checklist_save(
                        actor=case.responsible_officer,
                        event=event,
                        ticked=["reasons_for_withdrawing", "pressure_to_withdraw"],
                    )
            _notes_and_contacts(case, contact, channel, now)
    return demo_events.count()


def _notes_and_contacts(case: Case, contact: SafeContact | None, channel: str | None, now: datetime) -> None:
    """Give a demo case a note with its correction, a call from the victim and, where safe, a call to her."""
    note = note_write(
        actor=case.spoc,
        case=case,
        text="Victim says the suspect's car was parked near the school on Monday morning (synthetic).",
    )
    note_correct(
        actor=case.spoc,
        note=note,
        text="Victim says the suspect's car was parked near the school on Tuesday morning (synthetic).",
        reason="I wrote the wrong day; she confirmed Tuesday (synthetic).",
    )
    contact_record(
        actor=case.spoc,
        case=case,
        contacted_at=now - timedelta(days=1, hours=3),
        channel="phone_call",
        direction="incoming",
        outcome="spoke",
        summary="She called to ask when the hearing is; explained the process (synthetic).",
    )
    at = _first_safe_time(now - timedelta(hours=20), now, contact)
    if channel is not None and at is not None:
        contact_record(
            actor=case.spoc,
            case=case,
            contacted_at=at,
            channel=channel,
            direction="outgoing",
            outcome="no_answer",
            summary="No answer; nothing left, as agreed (synthetic).",
        )
