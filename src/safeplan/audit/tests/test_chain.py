"""The audit trail is append-only, split into keyed chains by actor, and any change to a stored event is named."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from safeplan.appendonly import AppendOnlyError
from safeplan.audit.models import AuditChainHead, AuditEvent
from safeplan.audit.services import audit_keys, record
from safeplan.audit.verbs import Verb
from safeplan.audit.verification import verify_chain
from safeplan.domain.auditchain import keyed_link
from safeplan.domain.hashchain import GENESIS_HASH
from safeplan.personas import World

pytestmark = pytest.mark.django_db


def alice_three_times(world: World) -> list[AuditEvent]:
    return [
        record(actor=world.alice, verb=Verb.CASE_VIEWED, target=world.case, case_id=world.case.pk),
        record(actor=world.alice, verb=Verb.CASE_UPDATED, target=world.case, case_id=world.case.pk, detail={"f": 1}),
        record(actor=world.alice, verb=Verb.CASE_AUDIT_VIEWED, target=world.case, case_id=world.case.pk),
    ]


def test_it_chains_each_actors_events_with_a_key_held_outside_the_database(world: World, settings: object) -> None:
    settings.AUDIT_CHAINS = 4  # type: ignore[attr-defined]
    events = alice_three_times(world)
    assert [event.sequence for event in events] == [1, 2, 3]
    assert {event.chain for event in events} == {1 + world.alice.pk % 4}
    assert events[0].previous_hash == GENESIS_HASH
    assert events[1].previous_hash == events[0].hash
    ring = audit_keys()
    assert events[2].key_id == ring.current
    assert events[2].hash == keyed_link(ring.key(ring.current), events[1].hash, events[2].chain_payload())
    head = AuditChainHead.objects.get(chain=events[0].chain)
    assert (head.sequence, head.hash) == (3, events[2].hash)
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "intact: 3 events in 1 chains" in out.getvalue()


def test_other_actors_write_to_other_chains_with_their_own_sequences(world: World, settings: object) -> None:
    settings.AUDIT_CHAINS = 64  # type: ignore[attr-defined]
    mine = record(actor=world.alice, verb=Verb.CASE_VIEWED, case_id=world.case.pk)
    theirs = record(actor=world.bob, verb=Verb.CASE_VIEWED, case_id=world.case.pk)
    anonymous = record(actor=None, verb=Verb.LOGIN_FAILED, actor_label="nobody")
    assert mine.chain != theirs.chain
    assert mine.sequence == theirs.sequence == anonymous.sequence == 1
    assert verify_chain().ok


def test_the_orm_refuses_to_change_or_delete_an_event(world: World) -> None:
    event = alice_three_times(world)[0]
    event.verb = Verb.LOGIN
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(verb=Verb.LOGIN)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("verb", "auth.login"),
        ("detail", '{"f": 2}'),
        ("actor_label", "mallory"),
        ("target_id", "999"),
        ("case_id", "77"),
        ("key_id", ""),
    ],
)
def test_changing_a_stored_row_is_detected_and_named(world: World, column: str, value: str) -> None:
    events = alice_three_times(world)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE audit_auditevent SET {column} = %s WHERE id = %s", [value, events[1].pk])  # noqa: S608
    result = verify_chain()
    assert not result.ok
    assert (result.broken_chain, result.broken_sequence) == (events[1].chain, 2)
    with pytest.raises(CommandError, match=f"chain {events[1].chain} event #2 has been changed"):
        call_command("audit", "verify", stdout=io.StringIO())


def test_deleting_a_stored_row_is_detected_and_named(world: World) -> None:
    events = alice_three_times(world)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    result = verify_chain()
    assert not result.ok
    assert result.broken_sequence == 2
    assert f"chain {events[1].chain} event #2 is missing" in result.message


def test_deleting_the_newest_row_without_moving_the_head_is_detected(world: World) -> None:
    events = alice_three_times(world)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    result = verify_chain()
    assert not result.ok
    assert f"chain {events[2].chain} ends at #2 but its head says #3" in result.message


def test_an_event_keyed_with_a_key_no_longer_configured_is_named(world: World, settings: object) -> None:
    from safeplan.domain.fieldcrypto import parse_keyring

    events = alice_three_times(world)
    settings.AUDIT_KEYRING = parse_keyring("other:" + "A" * 43 + "=")  # type: ignore[attr-defined]
    result = verify_chain()
    assert not result.ok
    assert f"chain {events[0].chain} event #1 is keyed with" in result.message
    assert "not in SAFEPLAN_AUDIT_KEY" in result.message


def test_after_a_key_rotation_old_events_verify_with_the_old_key_kept(world: World, settings: object) -> None:
    from safeplan.domain.fieldcrypto import parse_keyring

    old = audit_keys()
    alice_three_times(world)
    old_spec = f"{old.current}:" + __import__("base64").b64encode(old.key(old.current)).decode()
    settings.AUDIT_KEYRING = parse_keyring("new1:" + "B" * 43 + "=," + old_spec)  # type: ignore[attr-defined]
    newer = record(actor=world.alice, verb=Verb.CASE_VIEWED, case_id=world.case.pk)
    assert newer.key_id == "new1"
    assert newer.sequence == 4
    assert verify_chain().ok
