"""Report pages. Each report is built once as tables (safeplan.reports.tables) and answered as a page,
a printable page or CSV; every run and every export is audited with its parameters.

Anyone who may not see a report gets 404, the same page as an address that does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.reports import charts, dashboard, drilldown, permissions, presentation, services
from safeplan.reports.periods import Quarter, parse_quarter, recent_quarters
from safeplan.reports.tables import ReportTable, as_csv
from safeplan.web.pagination import paginate

FORMATS = ("", "csv", "print")


def _format(request: AuthenticatedHttpRequest) -> str:
    wanted = request.GET.get("format", "")
    if wanted not in FORMATS:
        raise Http404
    return wanted


def answer(
    request: AuthenticatedHttpRequest,
    *,
    report: str,
    title: Any,
    parameters: Sequence[tuple[str, Any, Any]],
    tables: list[ReportTable],
    template: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Answer a report as its page, its printable page or CSV, after auditing the run with its parameters.

    parameters are (name, value, label): the name and value go into the audit entry, the
    label and value into the export's heading.
    """
    export = _format(request)
    services.report_run(
        actor=request.user, report=report, params={name: str(value) for name, value, _ in parameters}, export=export
    )
    shown = [(label, value) for _, value, label in parameters]
    if export == "csv":
        generated = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        body = as_csv(title, [*shown, (_("Generated"), generated)], tables)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        stamp = "-".join(str(value) for _, value, _ in parameters if value) or "now"
        response.headers["Content-Disposition"] = f'attachment; filename="{report}-{stamp}.csv"'
        return response
    page = {"title": title, "parameters": shown, "tables": tables, "report": report, "generated": timezone.now()}
    if export == "print":
        return render(request, "reports/print.html", page)
    return render(request, template, {**page, **(context or {})})


def _quarter_choices(current: Quarter) -> list[tuple[str, bool]]:
    return [(str(q), q == current) for q in recent_quarters()]


@require_safe
@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_see_any_report(user):
        raise Http404
    return render(
        request,
        "reports/index.html",
        {
            "team": permissions.can_see_team_figures(user),
            "neighbourhood": permissions.can_see_neighbourhood_figures(user),
            "clares_law": permissions.can_see_clares_law_return(user),
            "areas": permissions.coordinated_areas(user),
        },
    )


@require_safe
@login_required
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_see_team_figures(user):
        raise Http404
    quarter = parse_quarter(request.GET.get("quarter"))
    board = dashboard.dashboard(user, quarter)
    return answer(
        request,
        report="team",
        title=_("Team dashboard"),
        parameters=[("team", user.team.name if user.team else "", _("Team")), ("quarter", quarter, _("Quarter"))],
        tables=presentation.dashboard_tables(board),
        template="reports/team.html",
        context={
            "board": board,
            "team_name": user.team.name if user.team else "",
            "quarters": _quarter_choices(quarter),
            "quarter": str(quarter),
            "grade_chart": charts.bar_chart(presentation.grade_bars(board)),
        },
    )


@require_safe
@login_required
def figure_list(request: AuthenticatedHttpRequest, figure: str) -> HttpResponse:
    """The records behind one figure of the team dashboard, a page at a time."""
    user = request.user
    if not permissions.can_see_team_figures(user):
        raise Http404
    found = drilldown.listing(user, figure, request.GET)
    services.report_list_viewed(actor=user, figure=figure, params=found.params)
    page = paginate(request, found.rows)
    return render(
        request,
        "reports/list.html",
        {
            "listing": found,
            "page": page,
            "rows": [found.cells(row) for row in page.rows],
            "filters": [(name, value) for name, value in found.params.items() if value],
        },
    )
