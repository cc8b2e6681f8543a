"""Neighbourhood figures for a police force: domestic abuse cases and high-risk cases by area and month.

Meant for neighbourhood profiles and other documents that leave the organisation, so they
carry counts only: no names, references, days (the month at finest) or places finer than
the area, and every table goes through safeplan.domain.suppression.suppress, so no count from
1 to SAFEPLAN_REPORT_SUPPRESS_BELOW - 1 is shown and none can be worked back from the totals.

The area is the force's team that owns the case: a case records no address to place it by
(its locations are confidential), and a force's case-holding teams are its policing areas.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth

from safeplan.accounts.models import Team, User
from safeplan.cases.models import Case
from safeplan.domain.suppression import TOTAL, suppress
from safeplan.domain.workdays import LONDON
from safeplan.reports.periods import Quarter
from safeplan.risk.models import Assessment


@dataclass(frozen=True)
class Suppressed:
    rows: list[str]  # area names
    columns: list[str]  # "2026-07"...
    cells: dict[tuple[str, str], int | None]  # with TOTAL rows and columns; None is suppressed


def _table(counts: dict[tuple[str, str], int], rows: list[str], columns: list[str]) -> Suppressed:
    full = {(row, column): counts.get((row, column), 0) for row in rows for column in columns}
    return Suppressed(rows, columns, suppress(full, threshold=settings.REPORT_SUPPRESS_BELOW) if full else {})


def _month(value: object) -> str:
    return value.strftime("%Y-%m")  # type: ignore[attr-defined]


def figures(user: User, quarter: Quarter) -> tuple[Suppressed, Suppressed]:
    """Return (cases opened, cases graded high) by area and month of the quarter, suppressed."""
    teams = {
        pk: name
        for pk, name in Team.objects.filter(agency_id=user.agency_id or 0).values_list("pk", "name").order_by("name")
    }
    in_force = {"team_id__in": list(teams)}
    opened_rows = (
        Case.objects.filter(created_at__gte=quarter.start, created_at__lt=quarter.end, **in_force)
        .annotate(month=TruncMonth("created_at", tzinfo=LONDON))
        .values("team_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    high_rows = (
        Assessment.objects.filter(
            case_grade_after="high",
            created_at__gte=quarter.start,
            created_at__lt=quarter.end,
            case__team_id__in=list(teams),
        )
        .annotate(month=TruncMonth("created_at", tzinfo=LONDON))
        .values("case__team_id", "month")
        .annotate(n=Count("case", distinct=True))
        .order_by()
    )
    opened = {(teams[r["team_id"]], _month(r["month"])): r["n"] for r in opened_rows}
    high = {(teams[r["case__team_id"]], _month(r["month"])): r["n"] for r in high_rows}
    names = [name for name in teams.values() if name != TOTAL]
    return _table(opened, names, quarter.months), _table(high, names, quarter.months)
