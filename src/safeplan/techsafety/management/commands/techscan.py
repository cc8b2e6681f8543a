"""safeplan techscan: an advocate-run scan of the survivor's Android phone against the stalkerware indicator list."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.domain.techscan import DumpError, Finding, scan
from safeplan.techsafety import device, report
from safeplan.techsafety.indicatorlist import allow_list, indicator_list
from safeplan.techsafety.services import techscan_record


class Command(BaseCommand):
    help = (
        "Scan the survivor's Android phone (on USB, with USB debugging on, through Debian's adb) or a folder of "
        "recorded command outputs (--from-dump DIR) for possible signs of stalkerware, against the vendored Echap "
        "indicator list. Only reads; never removes anything. With --case and --user, saves the findings (only the "
        "findings) as a report on the case. Possible signs, not proof; no match proves nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from-dump", type=Path, metavar="DIR", help="read recorded outputs instead of a phone")
        parser.add_argument("--json", action="store_true", help="print the findings as JSON")
        parser.add_argument("--case", metavar="REFERENCE", help="save the report to this case")
        parser.add_argument("--user", metavar="USERNAME", help="the officer or IDVA saving the report")
        parser.add_argument("--device-note", default="", help="which phone this was (for the report)")
        parser.add_argument("--allow", action="append", default=[], metavar="PACKAGE", help="an app not to flag")
        parser.add_argument("--yes", action="store_true", help="the victim has been told USB debugging is visible")

    def handle(self, *args: Any, **options: Any) -> None:
        case, user = self._case_and_user(options["case"], options["user"])
        if options["from_dump"] is None:
            self._warn_before(options["yes"])
        try:
            dump = device.from_dump(options["from_dump"]) if options["from_dump"] else device.from_adb()
        except device.DeviceError as error:
            raise CommandError(str(error)) from None
        indicators = indicator_list()
        try:
            findings = scan(dump, indicators.packages, allowed=allow_list() | set(options["allow"]))
        except DumpError as error:
            raise CommandError(f"the phone's output could not be read: {error}") from None
        if case is not None and user is not None:
            try:
                techscan_record(
                    actor=user,
                    case=case,
                    findings=[finding.as_dict() for finding in findings],
                    indicators_sha256=indicators.sha256,
                    indicators_source=f"{indicators.source}, {indicators.date}",
                    device_note=options["device_note"],
                )
            except PermissionDenied:
                raise CommandError(f"{user.username} may not add to case {case.reference}") from None
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        if options["json"]:
            self.stdout.write(json.dumps([finding.as_dict() for finding in findings], indent=2))
        else:
            self._print_report(findings, indicators.source, indicators.date, indicators.sha256)
        if case is not None:
            self.stderr.write(f"Saved to case {case.reference}.")
        if options["from_dump"] is None:
            self.stderr.write("\nAfter the scan:\n" + "\n".join(f"- {step}" for step in report.AFTER))

    def _case_and_user(self, reference: str | None, username: str | None) -> tuple[Case | None, User | None]:
        if bool(reference) != bool(username):
            raise CommandError("give both --case and --user to save the report, or neither")
        if not reference:
            return None, None
        case = Case.objects.filter(reference=reference).first()
        user = User.objects.filter(username=username, is_active=True).first()
        if case is None or user is None:
            raise CommandError("no such case or user")
        return case, user

    def _warn_before(self, confirmed: bool) -> None:
        self.stderr.write(str(report.BEFORE))
        if confirmed:
            return
        if not sys.stdin.isatty():
            raise CommandError("tell the victim first, then run again with --yes")
        if input("Go ahead? [y/N] ").strip().lower() not in ("y", "yes"):
            raise CommandError("stopped before the scan; nothing was read")

    def _print_report(self, findings: list[Finding], source: str, date: str, sha256: str) -> None:
        write = self.stdout.write
        write(str(report.NOT_PROOF))
        write(f"Indicator list: {source}, {date} (SHA-256 {sha256})")
        if not findings:
            write("Nothing on the list was found, and nothing else worth a look. This proves nothing either.")
        for finding in findings:
            label = report.KIND_LABELS[finding.kind]
            write(f"[{finding.severity}] {label}: {finding.package}{f' ({finding.name})' if finding.name else ''}")
            write(f"    {finding.why}")
        write("\nWhat to do:")
        for step in report.WHAT_TO_DO:
            write(f"- {step}")
