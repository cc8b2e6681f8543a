"""Safe times are days and hours, and a contact outside them is refused like a forbidden channel.

An emergency may be recorded outside them, truthfully, only with the reason it could not wait; every
refusal is audited (what was refused, never what was typed), so attempts are visible afterwards.
"""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import SafeContact
from safeplan.cases.services import safe_contact_save
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.timeline import record
from safeplan.timeline.models import NotificationRecord, Obligation
from safeplan.timeline.services import notification_record

LONDON = ZoneInfo("Europe/London")
SATURDAY_0615 = datetime(2026, 11, 28, 6, 15, tzinfo=LONDON)
MONDAY_1030 = datetime(2026, 11, 30, 10, 30, tzinfo=LONDON)


@pytest.fixture
def obligation(world: World) -> Obligation:
    contact = SafeContact.objects.get(case=world.case)
    safe_contact_save(
        actor=world.alice,
        case=world.case,
        allowed_channels=["phone_call", "text_message"],
        never=["voicemail"],
        phone_number="07700 900001",
        safe_hours="weekdays 10:00-12:00",
        version=contact.version,
    )
    return record(world.alice, world.case, "arrest", ago=timedelta(days=10)).obligations.get(kind="notify")


def _tell(world: World, obligation: Obligation, when: datetime, **extra: object) -> NotificationRecord:
    return notification_record(
        actor=world.bob,
        obligation=obligation,
        notified_at=when,
        channel="text_message",
        outcome="told",
        what_was_said="Told her he was arrested.",
        **extra,  # type: ignore[arg-type]
    )


def test_the_arrangement_keeps_its_safe_times_as_days_and_hours(world: World, obligation: Obligation) -> None:
    contact = SafeContact.objects.get(case=world.case)
    assert contact.safe_hours == "Mon–Fri 10:00–12:00"
    assert [str(window) for window in contact.windows] == ["Mon–Fri 10:00–12:00"]


def test_a_text_at_quarter_past_six_on_a_saturday_is_refused_and_the_refusal_audited(
    world: World, obligation: Obligation
) -> None:
    with pytest.raises(ValidationError) as refused:
        _tell(world, obligation, SATURDAY_0615)
    assert "outside the victim's safe times (Mon–Fri 10:00–12:00)" in refused.value.message_dict["notified_at"][0]
    assert not NotificationRecord.objects.exists()
    obligation.refresh_from_db()
    assert obligation.done_at is None
    audit = AuditEvent.objects.get(verb=Verb.CONTACT_REFUSED)
    assert audit.detail == {"obligation": obligation.pk, "channel": "text_message", "refused": "safe_times"}
    assert audit.actor_id == world.bob.pk


def test_within_the_safe_times_the_same_text_is_recorded(world: World, obligation: Obligation) -> None:
    note = _tell(world, obligation, MONDAY_1030)
    assert not note.emergency
    assert not AuditEvent.objects.filter(verb=Verb.CONTACT_REFUSED).exists()


def test_an_emergency_outside_the_safe_times_needs_its_reason(world: World, obligation: Obligation) -> None:
    with pytest.raises(ValidationError) as refused:
        _tell(world, obligation, SATURDAY_0615, emergency=True, emergency_reason="  ")
    assert "emergency_reason" in refused.value.message_dict
    assert not NotificationRecord.objects.exists()
    note = _tell(
        world, obligation, SATURDAY_0615, emergency=True, emergency_reason="He was released early; she had to know."
    )
    assert note.emergency
    assert note.emergency_reason == "He was released early; she had to know."
    audit = AuditEvent.objects.get(verb=Verb.NOTIFICATION_RECORDED)
    assert audit.detail["emergency"] is True
    assert "released" not in str(audit.detail)


def test_a_forbidden_channel_is_refused_and_audited(world: World, obligation: Obligation) -> None:
    with pytest.raises(ValidationError):
        notification_record(
            actor=world.bob,
            obligation=obligation,
            notified_at=MONDAY_1030,
            channel="voicemail",
            outcome="told",
            what_was_said="Left a message.",
        )
    audit = AuditEvent.objects.get(verb=Verb.CONTACT_REFUSED)
    assert audit.detail["refused"] == "channel"


def test_the_form_says_why_and_offers_the_emergency(world: World, obligation: Obligation) -> None:
    client = Client()
    sign_in_verified(client, world.bob)
    url = f"/cases/{world.case.pk}/obligations/{obligation.pk}/notify/"
    page = client.post(
        url,
        {
            "notified_on": "2026-11-28",
            "notified_time": "06:15",
            "channel": "text_message",
            "outcome": "told",
            "what_was_said": "Told her.",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "outside the victim" in html
    assert "could not wait for a safe time" in html
    assert not NotificationRecord.objects.exists()


@pytest.mark.parametrize("typed", ["when he is at work", "Funday 10:00-12:00", "Fri 22:00-02:00"])
def test_safe_times_that_cannot_be_read_are_refused_and_nothing_changes(world: World, typed: str) -> None:
    contact = SafeContact.objects.get(case=world.case)
    with pytest.raises(ValidationError) as refused:
        safe_contact_save(
            actor=world.alice,
            case=world.case,
            allowed_channels=["phone_call"],
            never=[],
            phone_number="07700 900002",
            safe_hours=typed,
            version=contact.version,
        )
    assert "safe_hours" in refused.value.message_dict
    contact.refresh_from_db()
    assert contact.phone_number == "07700 900001"
    assert contact.windows == []


def test_the_migration_reads_safe_times_written_as_days_and_hours_and_keeps_other_words(world: World) -> None:
    migration = importlib.import_module("safeplan.cases.migrations.0005_safe_windows")
    contact = SafeContact.objects.get(case=world.case)
    SafeContact.objects.filter(pk=contact.pk).update(safe_times="when he is at work")
    migration.read_safe_times(apps, None)
    contact.refresh_from_db()
    assert (contact.safe_hours, contact.safe_times) == ("", "when he is at work")
    SafeContact.objects.filter(pk=contact.pk).update(safe_times="weekdays 10am to 2pm")
    migration.read_safe_times(apps, None)
    before = contact.version
    contact.refresh_from_db()
    assert (contact.safe_hours, contact.safe_times) == ("Mon–Fri 10:00–14:00", "")
    assert contact.version == before + 1  # a form opened before the change is stale
