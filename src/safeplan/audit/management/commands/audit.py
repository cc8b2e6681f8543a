"""`safeplan audit verify`: check the audit chain and name the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeplan.audit.verification import verify_chain


class Command(BaseCommand):
    help = "Audit trail tools. `verify` recomputes the hash chain and names the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(f"audit chain BROKEN: {result.message}")
        self.stdout.write(result.message)
