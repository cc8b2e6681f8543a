"""safeplan verify-bundle FILE: say whether an evidence bundle is intact, signed here, and as exported."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeplan.cases.models import Case
from safeplan.evidence.checks import check_bundle


class Command(BaseCommand):
    help = (
        "Check an evidence bundle ZIP: its signature by this deployment's key, every file against its manifest, "
        "and, if this deployment exported it, every exhibit against the hashes it recorded and the whole file "
        "against the SHA-256 recorded at export. Exit 1 if anything is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the bundle ZIP")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            handle = open(options["file"], "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise CommandError(f"cannot read {options['file']}: {error.strerror}", returncode=1) from None
        with handle:
            # The operator's check spans every case: the command runs with the deployment's own access.
            result = check_bundle(handle, cases=Case.objects.all())
        if not result.ok:
            raise CommandError(result.summary, returncode=1)
        self.stdout.write(result.summary)
        manifest = result.verification.manifest
        if manifest is not None:
            self.stdout.write(f"Reference {manifest.reference}, chain head {manifest.chain_head}")
        if result.known_export is not None:
            when = result.known_export.occurred_at.isoformat(timespec="seconds")
            self.stdout.write(f"Exported by this service on {when} by {result.known_export.actor_label}")
