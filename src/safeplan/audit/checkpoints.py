"""Write signed checkpoints of every audit chain head outside the database (`safeplan tick`).

The sink is an append-only file (SAFEPLAN_AUDIT_CHECKPOINT_FILE), and optionally syslog
(SAFEPLAN_AUDIT_CHECKPOINT_SYSLOG), ideally on another machine or on write-once storage: the
point is that whoever can change the database cannot change the checkpoints.
"""

from __future__ import annotations

import hashlib
import logging
import logging.handlers
import os
import socket
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safeplan.audit.models import AuditChainHead, AuditCheckpoint
from safeplan.audit.services import signing_keys
from safeplan.domain.auditchain import Checkpoint, Head, make_checkpoint

SYSLOG_TAG = "safeplan-audit-checkpoint"


def _append_to_file(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, (line + "\n").encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _syslog_handler(address: str) -> logging.handlers.SysLogHandler:
    if address.startswith(("udp://", "tcp://")):
        host, _, port = address[6:].rpartition(":")
        kind = socket.SOCK_STREAM if address.startswith("tcp://") else socket.SOCK_DGRAM
        return logging.handlers.SysLogHandler(address=(host, int(port)), socktype=kind)
    return logging.handlers.SysLogHandler(address=address)


def _send_to_syslog(address: str, line: str) -> None:
    handler = _syslog_handler(address)
    try:
        handler.ident = f"{SYSLOG_TAG}: "
        handler.emit(logging.LogRecord(SYSLOG_TAG, logging.INFO, __file__, 0, line, None, None))
    finally:
        handler.close()


def checkpoint_file() -> Path | None:
    """Return the checkpoint file, or None when checkpoints go to syslog only."""
    configured = str(settings.AUDIT_CHECKPOINT_FILE)
    return None if configured == "off" else Path(configured)


def checkpoint_write() -> Checkpoint:
    """Sign a checkpoint of every chain head, append it to the sinks and keep the database's copy.

    The copy is written in the same transaction as the sink is written to, so a failing sink
    leaves no copy and the next checkpoint takes the same number.
    """
    with transaction.atomic():
        last = AuditCheckpoint.objects.select_for_update().order_by("-number").first()
        heads = [Head(head.chain, head.sequence, head.hash) for head in AuditChainHead.objects.order_by("chain")]
        now = timezone.now()
        checkpoint = make_checkpoint(
            number=last.number + 1 if last is not None else 1,
            written_at=now,
            previous=hashlib.sha256(last.line.encode("utf-8")).hexdigest() if last is not None else None,
            heads=heads,
            events=sum(head.sequence for head in heads),
            keys=signing_keys(),
        )
        AuditCheckpoint.objects.create(number=checkpoint.number, written_at=now, line=checkpoint.line())
        path = checkpoint_file()
        if path is not None:
            _append_to_file(path, checkpoint.line())
        if settings.AUDIT_CHECKPOINT_SYSLOG:
            _send_to_syslog(settings.AUDIT_CHECKPOINT_SYSLOG, checkpoint.line())
    return checkpoint
