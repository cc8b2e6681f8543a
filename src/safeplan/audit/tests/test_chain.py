"""The audit trail is append-only and any change to a stored event is detected."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from safeplan.appendonly import AppendOnlyError
from safeplan.audit.models import AuditEvent
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.audit.verification import verify_chain
from safeplan.personas import World

pytestmark = pytest.mark.django_db


def three_events(world: World) -> list[AuditEvent]:
    return [
        record(actor=world.alice, verb=Verb.CASE_VIEWED, target=world.case, case_id=world.case.pk),
        record(actor=world.bob, verb=Verb.CASE_UPDATED, target=world.case, case_id=world.case.pk, detail={"f": 1}),
        record(actor=world.sue, verb=Verb.CASE_AUDIT_VIEWED, target=world.case, case_id=world.case.pk),
    ]


def test_events_chain_and_verify(world: World) -> None:
    events = three_events(world)
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[1].previous_hash == events[0].hash
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "intact: 3 events" in out.getvalue()


def test_the_orm_refuses_to_change_or_delete_an_event(world: World) -> None:
    event = three_events(world)[0]
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
    [("verb", "auth.login"), ("detail", '{"f": 2}'), ("actor_label", "mallory"), ("target_id", "999")],
)
def test_changing_a_stored_row_is_detected_and_named(world: World, column: str, value: str) -> None:
    events = three_events(world)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE audit_auditevent SET {column} = %s WHERE id = %s", [value, events[1].pk])  # noqa: S608
    result = verify_chain()
    assert not result.ok
    assert result.broken_sequence == 2
    with pytest.raises(CommandError, match="event #2 has been changed"):
        call_command("audit", "verify", stdout=io.StringIO())


def test_deleting_a_stored_row_is_detected(world: World) -> None:
    events = three_events(world)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    result = verify_chain()
    assert not result.ok
    assert result.broken_sequence == 2


def test_truncating_the_end_of_the_chain_is_detected(world: World) -> None:
    events = three_events(world)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    assert not verify_chain().ok
