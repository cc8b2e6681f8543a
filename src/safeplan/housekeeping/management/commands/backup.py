"""Write one encrypted archive of the database and the evidence files (safeplan.housekeeping.backup)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeplan.housekeeping.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Write one encrypted archive of the database and the evidence files; restore it with `safeplan restore`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="where to write the archive (it must not exist yet)")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["file"])
        if target.exists():
            raise CommandError(f"{target} exists already: choose a new name")
        partial = target.with_name(target.name + ".partial")
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as error:
            raise CommandError(f"{partial} cannot be written: {error}") from None
        try:
            with os.fdopen(descriptor, "wb") as out:
                manifest = write_backup(out)
                out.flush()
                os.fsync(out.fileno())
            partial.replace(target)
        except BackupError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(str(error)) from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"backup written to {target}: {rows} rows in {len(manifest['tables'])} tables, "
            f"{len(manifest['files'])} evidence file(s); it opens only with this deployment's field keys"
        )
