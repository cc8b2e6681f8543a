"""Concurrent writers do not all wait on one row: a transaction holding one actor's chain head
does not block another actor's event, only the same actor's (PostgreSQL, where rows are locked)."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.audit.verification import verify_chain
from safeplan.personas import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite locks the whole database for any write"),
]


def record_elsewhere(actor: object, outcome: list[str]) -> None:
    """Record an event from another connection, refusing to wait more than a moment for a lock."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            record(actor=actor, verb=Verb.CASE_VIEWED)  # type: ignore[arg-type]
        outcome.append("recorded")
    except OperationalError:
        outcome.append("blocked")
    finally:
        connections.close_all()


def test_another_actors_event_is_not_blocked_but_the_same_actors_is(world: World, settings: object) -> None:
    settings.AUDIT_CHAINS = 64  # type: ignore[attr-defined]
    record(actor=world.alice, verb=Verb.CASE_VIEWED)
    record(actor=world.bob, verb=Verb.CASE_VIEWED)
    outcomes: dict[str, list[str]] = {"bob": [], "alice": []}
    with transaction.atomic():
        record(actor=world.alice, verb=Verb.CASE_VIEWED)  # holds alice's chain head until commit
        for name, actor in (("bob", world.bob), ("alice", world.alice)):
            thread = threading.Thread(target=record_elsewhere, args=(actor, outcomes[name]))
            thread.start()
            thread.join()
    assert outcomes == {"bob": ["recorded"], "alice": ["blocked"]}
    assert verify_chain().ok
