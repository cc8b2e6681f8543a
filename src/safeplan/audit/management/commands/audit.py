"""`safeplan audit verify [--checkpoints FILE]` and `safeplan audit checkpoint`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeplan.audit.checkpoints import checkpoint_file, checkpoint_write
from safeplan.audit.verification import verify_chain


class Command(BaseCommand):
    help = (
        "Audit trail tools. `verify` recomputes every chain's keyed links and names the first broken link; "
        "with --checkpoints it also checks the chains against the signed checkpoints in the sink (truncation, "
        "deletion, renumbering, recomputation). `checkpoint` writes a checkpoint now (tick does it on schedule)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint"])
        parser.add_argument(
            "--checkpoints",
            nargs="?",
            const="",
            default=None,
            metavar="FILE",
            help="the checkpoint file, or syslog lines holding checkpoints (default: SAFEPLAN_AUDIT_CHECKPOINT_FILE)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            checkpoint = checkpoint_write()
            self.stdout.write(f"audit checkpoint #{checkpoint.number} written: {len(checkpoint.heads)} chains")
            return
        lines = None
        if options["checkpoints"] is not None:
            path = Path(options["checkpoints"]) if options["checkpoints"] else checkpoint_file()
            if path is None:
                raise CommandError("checkpoints go to syslog only here: give the file of syslog lines to check")
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as error:
                raise CommandError(f"cannot read the checkpoints in {path}: {error.strerror}") from None
            if not any(line.strip() for line in lines):
                raise CommandError(f"{path} holds no checkpoint: nothing outside the database vouches for the chains")
        result = verify_chain(checkpoint_lines=lines)
        if not result.ok:
            raise CommandError("audit chain BROKEN: " + "\n".join(result.problems))
        self.stdout.write(result.message)
