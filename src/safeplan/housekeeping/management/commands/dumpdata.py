"""Refuse Django's dumpdata: it writes every encrypted field (addresses, accounts) in plain text."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Refused: dumpdata writes confidential fields in plain text. Use `safeplan backup`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("args", nargs="*")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(
            "dumpdata would write confidential fields (addresses, names, accounts) in plain text, so it is "
            "turned off; `safeplan backup FILE` writes an encrypted archive of the database and evidence files"
        )
