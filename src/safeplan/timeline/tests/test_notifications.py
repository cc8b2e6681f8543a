"""Telling the victim: only by a channel their safe contact arrangement allows, refused otherwise."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import SafeContact
from safeplan.domain.contact import Channel, Never, channel_decision
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.timeline import record
from safeplan.timeline.models import NotificationRecord, Obligation
from safeplan.timeline.services import notification_record


def notify_obligation(world: World) -> Obligation:
    return record(world.alice, world.case, "arrest").obligations.get(kind="notify")


def form(channel: str, outcome: str = "told", said: str = "Told her he was arrested at 10:00.") -> dict[str, str]:
    when = timezone.localtime() - timedelta(minutes=30)
    return {
        "notified_on": when.strftime("%Y-%m-%d"),
        "notified_time": when.strftime("%H:%M"),
        "channel": channel,
        "outcome": outcome,
        "what_was_said": said,
    }


def test_telling_the_victim_by_an_agreed_channel_completes_the_obligation(world: World) -> None:
    obligation = notify_obligation(world)
    client = Client()
    sign_in_verified(client, world.bob)
    response = client.post(f"/cases/{world.case.pk}/obligations/{obligation.pk}/notify/", form("phone_call"))
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.done_by == world.bob
    assert obligation.completion == "notified"
    note = NotificationRecord.objects.get()
    assert (note.channel, note.outcome, note.notified_by) == ("phone_call", "told", world.bob)
    audit = AuditEvent.objects.get(verb=Verb.NOTIFICATION_RECORDED)
    assert audit.detail == {"obligation": obligation.pk, "channel": "phone_call", "outcome": "told", "emergency": False}
    with connection.cursor() as cursor:
        cursor.execute("SELECT what_was_said FROM timeline_notificationrecord")
        assert "arrested" not in cursor.fetchone()[0]


def test_a_channel_on_the_never_list_is_refused_with_the_reason_shown(world: World) -> None:
    obligation = notify_obligation(world)
    client = Client()
    sign_in_verified(client, world.bob)
    response = client.post(f"/cases/{world.case.pk}/obligations/{obligation.pk}/notify/", form("voicemail"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "the victim has said never to leave a voicemail" in html
    assert not NotificationRecord.objects.exists()
    obligation.refresh_from_db()
    assert obligation.done_at is None
    assert not AuditEvent.objects.filter(verb=Verb.NOTIFICATION_RECORDED).exists()


def test_a_channel_the_victim_has_not_agreed_is_refused(world: World) -> None:
    obligation = notify_obligation(world)
    with pytest.raises(ValidationError) as caught:
        notification_record(
            actor=world.bob,
            obligation=obligation,
            notified_at=timezone.now(),
            channel="letter",
            outcome="told",
            what_was_said="A letter",
        )
    assert caught.value.message_dict["channel"] == [
        "You cannot use this channel: the victim has not agreed to contact by this channel."
    ]


def test_with_no_arrangement_recorded_every_channel_is_refused(world: World) -> None:
    SafeContact.objects.filter(case=world.case).delete()
    obligation = notify_obligation(world)
    client = Client()
    sign_in_verified(client, world.bob)
    page = client.get(f"/cases/{world.case.pk}/obligations/{obligation.pk}/notify/").content.decode()
    assert "No safe contact arrangement is recorded" in page
    response = client.post(f"/cases/{world.case.pk}/obligations/{obligation.pk}/notify/", form("phone_call"))
    assert "no safe contact arrangement is recorded: agree one with the victim first" in response.content.decode()
    assert not NotificationRecord.objects.exists()


def test_the_form_shows_the_safe_contact_arrangement(world: World) -> None:
    obligation = notify_obligation(world)
    client = Client()
    sign_in_verified(client, world.bob)
    html = client.get(f"/cases/{world.case.pk}/obligations/{obligation.pk}/notify/").content.decode()
    assert "Safe contact" in html
    assert "Never leave a voicemail" in html
    assert "07700 900001" in html


def test_an_attempt_that_did_not_reach_the_victim_leaves_the_obligation_open(world: World) -> None:
    obligation = notify_obligation(world)
    notification_record(
        actor=world.bob,
        obligation=obligation,
        notified_at=timezone.now(),
        channel="phone_call",
        outcome="not_reached",
        what_was_said="No answer; did not leave a message.",
    )
    obligation.refresh_from_db()
    assert obligation.done_at is None
    assert NotificationRecord.objects.count() == 1


def test_a_done_obligation_takes_no_more_notifications(world: World) -> None:
    obligation = notify_obligation(world)
    arguments = {"notified_at": timezone.now(), "channel": "phone_call", "outcome": "told", "what_was_said": "Told"}
    notification_record(actor=world.bob, obligation=obligation, **arguments)
    obligation.refresh_from_db()
    with pytest.raises(ValidationError):
        notification_record(actor=world.bob, obligation=obligation, **arguments)
    assert NotificationRecord.objects.count() == 1


def test_only_a_notify_obligation_has_a_notification_page(world: World) -> None:
    event = record(world.alice, world.case, "bail_with_conditions")
    reassess = event.obligations.get(kind="reassess")
    client = Client()
    sign_in_verified(client, world.alice)
    assert client.get(f"/cases/{world.case.pk}/obligations/{reassess.pk}/notify/").status_code == 404


def test_outsiders_cannot_record_a_notification(world: World) -> None:
    obligation = notify_obligation(world)
    with pytest.raises(PermissionDenied):
        notification_record(
            actor=world.charlie,
            obligation=obligation,
            notified_at=timezone.now(),
            channel="phone_call",
            outcome="told",
            what_was_said="x",
        )


channels = st.sampled_from([c.value for c in Channel])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    allowed=st.sets(channels),
    never=st.sets(st.sampled_from([n.value for n in Never])),
    channel=channels,
)
def test_a_notification_is_saved_exactly_when_the_arrangement_allows_the_channel(
    world: World, allowed: set[str], never: set[str], channel: str
) -> None:
    obligation = Obligation.objects.filter(kind="notify").first() or notify_obligation(world)
    SafeContact.objects.filter(case=world.case).update(allowed_channels=sorted(allowed), never=sorted(never))
    expected = channel_decision(channel, allowed_channels=allowed, never=never, arrangement_recorded=True).allowed
    with transaction.atomic():
        try:
            notification_record(
                actor=world.bob,
                obligation=obligation,
                notified_at=timezone.now(),
                channel=channel,
                outcome="told",
                what_was_said="Told",
            )
            saved = True
        except ValidationError:
            saved = False
        transaction.set_rollback(True)
    assert saved == expected
