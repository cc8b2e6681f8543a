"""safeplan verify-bundle FILE: say whether an evidence bundle is intact and which file changed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeplan.domain.manifest import verify_bundle


class Command(BaseCommand):
    help = "Check an evidence bundle ZIP against its manifest; exit 1 if anything changed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the bundle ZIP")
        parser.add_argument("--sha256", help="the bundle's SHA-256 recorded at export (checks every byte of the ZIP)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_bundle(options["file"], expected_sha256=options.get("sha256"))
        if result.ok:
            self.stdout.write(result.summary)
            if result.manifest is not None:
                self.stdout.write(f"Reference {result.manifest.reference}, chain head {result.manifest.chain_head}")
            return
        raise CommandError(result.summary, returncode=1)
