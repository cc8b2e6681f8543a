"""Restore an archive written by `safeplan backup` into an empty, migrated deployment."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeplan.housekeeping.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a `safeplan backup` archive (database and evidence files together) into an empty deployment "
        "migrated to the same version, with the same field keys."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive written by `safeplan backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["file"])
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            with source.open("rb") as handle, tempfile.TemporaryDirectory(dir=settings.VAR_DIR) as staging:
                report = restore_backup(handle, Path(staging))
        except OSError as error:
            raise CommandError(f"{source} cannot be read: {error}") from None
        except BackupError as error:
            raise CommandError(f"nothing was restored: {error}") from None
        self.stdout.write(
            f"restored {report.rows} rows in {report.tables} tables and {report.files} evidence file(s); "
            "check them with `safeplan audit verify`"
        )
