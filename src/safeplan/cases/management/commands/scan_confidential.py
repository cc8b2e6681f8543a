"""safeplan scan_confidential [--mask]: find confidential locations in the free text already saved in cases."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safeplan.cases.textscan import scan


class Command(BaseCommand):
    help = (
        "Report every saved free text that names one of its case's confidential locations (by case reference, "
        "record and field; never the text). With --mask, replace the location in the records that may change "
        "(notes, summaries, reasons), each change audited; append-only records (assessments, incidents, plan "
        "versions) are reported and stay masked wherever they are shown. Exit 1 if anything unmasked remains "
        "in a record that may change."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mask", action="store_true", help="mask what is found in records that may change")

    def handle(self, *args: Any, **options: Any) -> None:
        totals: Counter[str] = Counter()
        for finding in scan(mask=options["mask"]):
            state = "masked" if finding.masked else "kept, shown masked" if not finding.mutable else "found"
            totals[state] += 1
            self.stdout.write(f"{finding.reference} {finding.label} {finding.pk} {finding.field}: {state}")
        if not totals:
            self.stdout.write("No saved free text names a confidential location.")
            return
        self.stdout.write(", ".join(f"{count} {state}" for state, count in sorted(totals.items())))
        if totals["found"]:
            self.stderr.write("Run again with --mask to take these locations out of the records.")
            raise SystemExit(1)
