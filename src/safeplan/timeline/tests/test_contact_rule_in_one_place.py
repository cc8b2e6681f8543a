"""The forbidden-channel rule lives in domain/contact.py only: a rule added there holds everywhere.

Here the domain gains a rule ("never call the landline" rules out phone calls). Saving an
arrangement that allows phone calls with that entry is refused, and recording a phone call
on a case whose arrangement already has that entry is refused, with the new reason.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import SafeContact
from safeplan.cases.services import safe_contact_save
from safeplan.domain import contact
from safeplan.domain.contact import Channel, Never, NeverRule
from safeplan.personas import World
from safeplan.testing.timeline import record
from safeplan.timeline.models import NotificationRecord
from safeplan.timeline.services import notification_record

NEW_REASON = "the victim has said never to call the landline"


def phone_the_victim(world: World) -> NotificationRecord:
    """Record telling the victim of an arrest by phone call."""
    obligation = record(world.alice, world.case, "arrest").obligations.get(kind="notify")
    return notification_record(
        actor=world.bob,
        obligation=obligation,
        notified_at=timezone.now() - timedelta(minutes=5),
        channel="phone_call",
        outcome="told",
        what_was_said="Told her about the arrest.",
    )


@pytest.fixture
def landline_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = NeverRule(Never.LANDLINE, Channel.PHONE_CALL, NEW_REASON)
    monkeypatch.setattr(contact, "NEVER_RULES", (*contact.NEVER_RULES, rule))


def test_without_the_rule_both_are_accepted(world: World) -> None:
    saved = safe_contact_save(
        actor=world.alice,
        version=world.case.safe_contact.version,
        case=world.case,
        allowed_channels=["phone_call"],
        never=["landline"],
        phone_number="07700",
    )
    assert saved.never == ["landline"]
    phone_the_victim(world)
    assert NotificationRecord.objects.count() == 1


@pytest.mark.usefixtures("landline_rule")
def test_the_new_rule_refuses_an_arrangement_that_contradicts_it(world: World) -> None:
    before = SafeContact.objects.get(case=world.case)
    with pytest.raises(ValidationError) as caught:
        safe_contact_save(
            actor=world.alice,
            version=world.case.safe_contact.version,
            case=world.case,
            allowed_channels=["phone_call"],
            never=["landline"],
            phone_number="07700 900001",
        )
    assert caught.value.message_dict["never"] == [
        "A way of making contact cannot be both allowed and on the never list."
    ]
    assert SafeContact.objects.get(case=world.case).never == before.never
    assert not AuditEvent.objects.filter(verb=Verb.SAFE_CONTACT_UPDATED).exists()


@pytest.mark.usefixtures("landline_rule")
def test_the_new_rule_refuses_a_contact_by_the_channel_it_forbids(world: World) -> None:
    # An arrangement saved before the rule existed: phone calls allowed, never the landline.
    SafeContact.objects.filter(case=world.case).update(allowed_channels=["phone_call"], never=["landline"])
    with pytest.raises(ValidationError) as caught:
        phone_the_victim(world)
    assert caught.value.message_dict["channel"] == [f"You cannot use this channel: {NEW_REASON}."]
    assert not NotificationRecord.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.NOTIFICATION_RECORDED).exists()


@pytest.mark.usefixtures("landline_rule")
def test_the_new_rule_refuses_the_same_call_in_the_contact_log(world: World) -> None:
    from safeplan.timeline.models import Contact
    from safeplan.timeline.notes import contact_record

    SafeContact.objects.filter(case=world.case).update(allowed_channels=["phone_call"], never=["landline"])
    with pytest.raises(ValidationError) as caught:
        contact_record(
            actor=world.bob,
            case=world.case,
            contacted_at=timezone.now() - timedelta(minutes=5),
            channel="phone_call",
            direction="outgoing",
            outcome="spoke",
            summary="Called her about the arrest.",
        )
    assert NEW_REASON in caught.value.message_dict["channel"][0]
    assert not Contact.objects.exists()
