"""Checkpoints go outside the database on schedule: `safeplan tick` appends a signed line to the
file sink, chained to the one before, and can also send it to syslog."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from safeplan.audit.checkpoints import checkpoint_write
from safeplan.audit.models import AuditChainHead, AuditCheckpoint
from safeplan.audit.services import record, signing_keys
from safeplan.audit.verbs import Verb
from safeplan.domain.auditchain import parse_checkpoint
from safeplan.personas import World

pytestmark = pytest.mark.django_db


def test_tick_appends_a_signed_checkpoint_of_every_chain_head_to_the_file(
    world: World, settings: object, tmp_path: Path
) -> None:
    sink = tmp_path / "sink" / "checkpoints.jsonl"
    settings.AUDIT_CHECKPOINT_FILE = str(sink)  # type: ignore[attr-defined]
    record(actor=world.alice, verb=Verb.CASE_VIEWED, case_id=world.case.pk)
    record(actor=world.bob, verb=Verb.CASE_VIEWED, case_id=world.case.pk)
    out = io.StringIO()
    call_command("tick", stdout=out)
    assert "audit checkpoint #1 written" in out.getvalue()
    call_command("tick", stdout=io.StringIO())
    lines = sink.read_text().splitlines()
    assert len(lines) == 2
    first, second = (parse_checkpoint(line, signing_keys()) for line in lines)
    heads = {(head.chain, head.sequence, head.hash) for head in first.heads}
    assert heads == {(row.chain, row.sequence, row.hash) for row in AuditChainHead.objects.all()}
    assert first.events == AuditChainHead.objects.count()
    assert second.number == 2
    assert second.previous == first.digest()
    assert json.loads(lines[0])["key"] == signing_keys().current_fingerprint
    assert sink.stat().st_mode & 0o777 == 0o600
    assert AuditCheckpoint.objects.count() == 2


def test_a_sink_that_cannot_be_written_fails_tick_after_queueing_the_work_and_keeps_no_copy(
    world: World, settings: object, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the sink's folder should be")
    settings.AUDIT_CHECKPOINT_FILE = str(blocked / "checkpoints.jsonl")  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="the audit checkpoint could not be written"):
        call_command("tick", stdout=io.StringIO())
    assert not AuditCheckpoint.objects.exists()
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.exists()


def test_checkpoints_can_also_go_to_syslog(world: World, settings: object, tmp_path: Path) -> None:
    address = str(tmp_path / "log.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(address)
    try:
        settings.AUDIT_CHECKPOINT_FILE = "off"  # type: ignore[attr-defined]
        settings.AUDIT_CHECKPOINT_SYSLOG = address  # type: ignore[attr-defined]
        record(actor=world.alice, verb=Verb.CASE_VIEWED, case_id=world.case.pk)
        checkpoint = checkpoint_write()
        received = listener.recv(65536).decode()
    finally:
        listener.close()
    assert "safeplan-audit-checkpoint: " in received
    assert parse_checkpoint(received, signing_keys()) == checkpoint
