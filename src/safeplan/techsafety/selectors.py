"""Reads of the tech safety app. The case has passed the access check (cases.selectors.case_for)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from safeplan.accounts.models import User
from safeplan.cases import permissions
from safeplan.cases.models import Case
from safeplan.techsafety.models import TechCheck, TechScan

SCANS_PER_PAGE = 10


def latest_check(case: Case) -> TechCheck | None:
    """Return the case's most recent tech safety check."""
    return TechCheck.objects.filter(case=case).order_by("-created_at", "-pk").first()


def scans(case: Case) -> QuerySet[TechScan]:
    """Return the case's scans, newest first (paged by the view)."""
    return TechScan.objects.filter(case=case).order_by("-created_at", "-pk").only("pk", "case_id", "created_at")


def scan_for(case: Case, scan_id: int) -> TechScan:
    """Return a scan of this case; another case's scan is a 404, like a missing one."""
    return get_object_or_404(TechScan, case=case, pk=scan_id)


def panel_context(case: Case, user: User) -> dict[str, Any]:
    """Return the case page panel's context: when the last check and scan were made (no answers)."""
    check = TechCheck.objects.filter(case=case).order_by("-created_at", "-pk").values("created_at").first()
    scan = TechScan.objects.filter(case=case).order_by("-created_at", "-pk").values("created_at").first()
    return {
        "tech_checked_at": check["created_at"] if check else None,
        "tech_scanned_at": scan["created_at"] if scan else None,
        "tech_can_edit": permissions.can_edit(user, case),
    }
