"""The tampering of issue 13, done with raw SQL as an attacker who holds the database would, and as
one who also stole the audit key: every case is caught by the keyed links or by the signed
checkpoints written outside the database, and `audit verify` says which."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from safeplan.audit.checkpoints import checkpoint_write
from safeplan.audit.models import AuditEvent, SealedDetail
from safeplan.audit.services import audit_keys, record
from safeplan.audit.verbs import Verb
from safeplan.audit.verification import verify_chain
from safeplan.domain.auditchain import keyed_link, make_checkpoint
from safeplan.domain.hashchain import ENTRY, GENESIS_HASH, link_hash
from safeplan.domain.signing import SigningKeys, generate_private_key
from safeplan.personas import World

pytestmark = pytest.mark.django_db

# How an attacker recomputes links: with plain SHA-256 (the old unkeyed chain), with a key they
# guessed, or with the real key stolen from an app server.
Relinker = Callable[[AuditEvent, str], str]


def sha256_relink(event: AuditEvent, previous: str) -> str:
    return link_hash(previous, ENTRY, event.chain_payload())


def guessed_key_relink(event: AuditEvent, previous: str) -> str:
    return keyed_link(b"guessed" * 8, previous, event.chain_payload())


def stolen_key_relink(event: AuditEvent, previous: str) -> str:
    ring = audit_keys()
    return keyed_link(ring.key(event.key_id), previous, event.chain_payload())


def sue_s_day(world: World) -> tuple[int, list[AuditEvent]]:
    """Sue, a supervisor, breaks the glass on a case, reveals the address and carries on working."""
    events = [
        record(actor=world.sue, verb=Verb.CASE_VIEWED, case_id=world.case.pk),
        record(actor=world.sue, verb=Verb.CASE_BREAK_GLASS, case_id=world.case.pk, sealed={"reason": "urgent welfare"}),
        record(actor=world.sue, verb=Verb.LOCATION_REVEALED, case_id=world.case.pk, detail={"location": 1}),
        record(actor=world.sue, verb=Verb.CASE_VIEWED, case_id=world.case.pk),
        record(actor=world.sue, verb=Verb.TIMELINE_VIEWED, case_id=world.case.pk),
    ]
    record(actor=world.alice, verb=Verb.CASE_VIEWED, case_id=world.case.pk)
    return events[0].chain, events


def rewrite_chain(chain: int, relink: Relinker, change: Callable[[list[AuditEvent]], list[AuditEvent]]) -> None:
    """Read the chain, let change() edit, drop or renumber its events, recompute every link and the head,
    and write it all back with raw SQL: what someone with the database and `relink` can do."""
    original = list(AuditEvent.objects.filter(chain=chain).order_by("sequence"))
    before = [(event.pk, event.sequence, event.chain_payload()) for event in original]
    events = change(list(AuditEvent.objects.filter(chain=chain).order_by("sequence")))
    # Links before the first changed event are kept as they are; every one after it is recomputed.
    unchanged = 0
    while (
        unchanged < min(len(events), len(before))
        and (events[unchanged].pk, events[unchanged].sequence, events[unchanged].chain_payload()) == before[unchanged]
    ):
        unchanged += 1
    previous = events[unchanged - 1].hash if unchanged else GENESIS_HASH
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE chain = %s", [chain])
        for index, event in enumerate(events):
            if index >= unchanged:
                event.previous_hash = previous
                event.hash = relink(event, previous)
            previous = event.hash
            cursor.execute(
                "INSERT INTO audit_auditevent (id, chain, sequence, occurred_at, actor_id, actor_label, verb,"
                " target_type, target_id, case_id, detail, key_id, previous_hash, hash)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    event.pk,
                    event.chain,
                    event.sequence,
                    event.occurred_at,
                    event.actor_id,
                    event.actor_label,
                    event.verb,
                    event.target_type,
                    event.target_id,
                    event.case_id,
                    AuditEvent._meta.get_field("detail").get_db_prep_value(event.detail, connection),
                    event.key_id,
                    event.previous_hash,
                    event.hash,
                ],
            )
        # The sealed reasons of deleted events go with them.
        cursor.execute("DELETE FROM audit_sealeddetail WHERE event_id NOT IN (SELECT id FROM audit_auditevent)")
        cursor.execute(
            "UPDATE audit_auditchainhead SET sequence = %s, hash = %s WHERE chain = %s",
            [events[-1].sequence if events else 0, previous, chain],
        )


def truncate(events: list[AuditEvent]) -> list[AuditEvent]:
    return events[:2]


def rewrite_reason(events: list[AuditEvent]) -> list[AuditEvent]:
    for event in events:
        if event.verb == Verb.CASE_BREAK_GLASS:
            # The reason is sealed (encrypted beside the event): rewrite it there, as someone who
            # also holds the field keys could.
            event.sealed.values = {"reason": "routine supervision"}
            with connection.cursor() as cursor:
                cursor.execute(
                    'UPDATE audit_sealeddetail SET "values" = %s WHERE event_id = %s',
                    [SealedDetail._meta.get_field("values").get_prep_value(event.sealed.values), event.pk],
                )
    return events


def delete_and_renumber(events: list[AuditEvent]) -> list[AuditEvent]:
    kept = [event for event in events if event.verb not in (Verb.CASE_BREAK_GLASS, Verb.LOCATION_REVEALED)]
    for number, event in enumerate(kept, start=1):
        event.sequence = number
    return kept


def verify_with_sink(path: Path) -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", "--checkpoints", str(path), stdout=out)
    except CommandError as error:
        return False, str(error)
    return True, out.getvalue()


@pytest.fixture
def sink(settings: object, tmp_path: Path) -> Path:
    path = tmp_path / "sink" / "audit-checkpoints.jsonl"
    settings.AUDIT_CHECKPOINT_FILE = str(path)  # type: ignore[attr-defined]
    return path


@pytest.mark.parametrize("relink", [sha256_relink, guessed_key_relink], ids=["sha256", "guessed-key"])
@pytest.mark.parametrize(
    ("change", "named"),
    [(rewrite_reason, "#2 has been changed"), (delete_and_renumber, "#2 has been changed")],
    ids=["rewrite-break-glass-reason", "delete-and-renumber"],
)
def test_without_the_key_a_recomputed_chain_fails_at_its_first_link_it_changed(
    world: World, relink: Relinker, change: Callable[[list[AuditEvent]], list[AuditEvent]], named: str
) -> None:
    chain, _ = sue_s_day(world)
    assert verify_chain().ok
    rewrite_chain(chain, relink, change)
    result = verify_chain()
    assert not result.ok
    assert result.broken_chain == chain
    assert f"chain {chain} event {named}" in result.message


def test_with_the_stolen_key_a_rewrite_passes_the_links_but_not_the_checkpoints(world: World, sink: Path) -> None:
    chain, _ = sue_s_day(world)
    call_command("tick", stdout=io.StringIO())
    rewrite_chain(chain, stolen_key_relink, rewrite_reason)
    assert verify_chain().ok  # the key alone cannot protect against its own holder...
    ok, report = verify_with_sink(sink)
    assert not ok  # ...the checkpoint outside the database does
    assert f"chain {chain} event #5 is not the event checkpoint #1" in report
    assert "the chain was rewritten" in report


def test_deleting_the_last_rows_and_moving_the_head_back_is_caught_by_the_checkpoints(world: World, sink: Path) -> None:
    chain, _ = sue_s_day(world)
    checkpoint_write()
    rewrite_chain(chain, stolen_key_relink, truncate)  # the rows kept are untouched: the links still hold
    assert verify_chain().ok
    ok, report = verify_with_sink(sink)
    assert not ok
    assert f"chain {chain} ends at #2, but checkpoint #1" in report
    assert "events #3 to #5 were deleted (the chain was truncated)" in report


def test_deleting_break_glass_and_reveal_rows_and_renumbering_with_the_key_is_caught(world: World, sink: Path) -> None:
    chain, _ = sue_s_day(world)
    checkpoint_write()
    rewrite_chain(chain, stolen_key_relink, delete_and_renumber)
    assert verify_chain().ok
    ok, report = verify_with_sink(sink)
    assert not ok
    assert f"chain {chain} ends at #3, but checkpoint #1 " in report


def test_events_after_the_last_checkpoint_are_checked_by_the_next(world: World, sink: Path) -> None:
    chain, _ = sue_s_day(world)
    checkpoint_write()
    record(actor=world.sue, verb=Verb.CASE_VIEWED, case_id=world.case.pk)
    checkpoint_write()
    assert verify_with_sink(sink)[0]
    rewrite_chain(chain, stolen_key_relink, lambda events: events[:-1])
    ok, report = verify_with_sink(sink)
    assert not ok
    assert "checkpoint #2" in report
    assert "#6 to #6 were deleted" in report


def test_an_intact_trail_matches_every_checkpoint(world: World, sink: Path) -> None:
    sue_s_day(world)
    call_command("tick", stdout=io.StringIO())
    record(actor=world.bob, verb=Verb.CASE_VIEWED, case_id=world.case.pk)
    call_command("tick", stdout=io.StringIO())
    ok, report = verify_with_sink(sink)
    assert ok, report
    assert "2 checkpoints match" in report
    assert len(sink.read_text().splitlines()) == 2


def test_a_checkpoint_removed_from_the_sink_is_detected(world: World, sink: Path) -> None:
    sue_s_day(world)
    for _ in range(3):
        checkpoint_write()
    lines = sink.read_text().splitlines()
    sink.write_text(lines[0] + "\n" + lines[2] + "\n")
    ok, report = verify_with_sink(sink)
    assert not ok
    assert "checkpoint #3 does not follow checkpoint #1" in report


def test_an_edited_or_forged_checkpoint_is_refused(world: World, sink: Path) -> None:
    chain, _ = sue_s_day(world)
    checkpoint_write()
    line = sink.read_text().splitlines()[0]
    sink.write_text(line.replace(f"[{chain},5,", f"[{chain},2,") + "\n")
    ok, report = verify_with_sink(sink)
    assert not ok
    assert "signature does not hold" in report
    forger = SigningKeys(current=generate_private_key())
    from django.utils import timezone

    forged = make_checkpoint(number=1, written_at=timezone.now(), previous=None, heads=[], events=0, keys=forger)
    sink.write_text(forged.line() + "\n")
    ok, report = verify_with_sink(sink)
    assert not ok
    assert "signature does not hold" in report


def test_verifying_against_an_empty_or_missing_sink_is_refused(world: World, sink: Path) -> None:
    sue_s_day(world)
    with pytest.raises(CommandError, match="cannot read the checkpoints"):
        call_command("audit", "verify", "--checkpoints", stdout=io.StringIO())
    sink.parent.mkdir(parents=True)
    sink.write_text("")
    with pytest.raises(CommandError, match="holds no checkpoint"):
        call_command("audit", "verify", "--checkpoints", stdout=io.StringIO())


def test_checkpoints_read_from_syslog_lines_are_accepted(world: World, sink: Path, tmp_path: Path) -> None:
    sue_s_day(world)
    checkpoint_write()
    syslog = tmp_path / "syslog"
    syslog.write_text(
        "".join(f"Dec  5 12:00:00 app1 safeplan-audit-checkpoint: {line}\n" for line in sink.read_text().splitlines())
    )
    ok, report = verify_with_sink(syslog)
    assert ok, report
