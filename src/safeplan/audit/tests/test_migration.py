"""Events written by the single-chain audit trail still verify after the move to keyed chains."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.audit.verification import verify_chain
from safeplan.domain.hashchain import ENTRY, GENESIS_HASH, link_hash

BEFORE = [("audit", "0001_initial")]


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_old_single_chain_events_become_chain_1_and_still_verify_with_new_keyed_events_after_them() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    Event = old_apps.get_model("audit", "AuditEvent")
    Head = old_apps.get_model("audit", "AuditChainHead")
    previous = GENESIS_HASH
    for sequence in (1, 2, 3):
        event = Event(
            sequence=sequence,
            occurred_at=datetime(2026, 11, 20, 9, sequence, tzinfo=UTC),
            actor_label="old.officer",
            verb="case.viewed",
            case_id=7,
            detail={"n": sequence},
            previous_hash=previous,
        )
        # The old chain's payload and plain SHA-256 link, exactly as 0001's record() wrote them.
        payload = {
            "sequence": sequence,
            "occurred_at": event.occurred_at.isoformat(),
            "actor_id": None,
            "actor_label": "old.officer",
            "verb": "case.viewed",
            "target_type": "",
            "target_id": "",
            "case_id": 7,
            "detail": {"n": sequence},
        }
        event.hash = link_hash(previous, ENTRY, payload)
        event.save()
        previous = event.hash
    Head.objects.create(id=1, sequence=3, hash=previous)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest())

    result = verify_chain()
    assert result.ok, result.message
    assert result.events == 3
    newer = record(actor=None, verb=Verb.LOGIN_FAILED, actor_label="x")
    while newer.chain != 1:  # find an anonymous label whose chain is the old one
        newer = record(actor=None, verb=Verb.LOGIN_FAILED, actor_label=f"x{newer.pk}")
    assert newer.sequence == 4
    assert newer.previous_hash == previous
    assert verify_chain().ok
