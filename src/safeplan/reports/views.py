"""Report pages. Each report is built once as tables (safeplan.reports.tables) and answered as a page,
a printable page or CSV; every run and every export is audited with its parameters.

Anyone who may not see a report gets 404, the same page as an address that does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.accounts.models import Agency
from safeplan.cases.conflicts import show_conflict
from safeplan.cases.selectors import editable_case_for
from safeplan.content.disclosure import disclosure_rules
from safeplan.disclosure.models import DisclosureRequest
from safeplan.reports import charts, dashboard, drilldown, permissions, presentation, returns, services
from safeplan.reports import neighbourhood as neighbourhood_figures
from safeplan.reports.forms import EqualityForm, LateReasonForm, PopulationForm
from safeplan.reports.models import EqualityMonitoring, LateReason
from safeplan.reports.periods import Quarter, parse_quarter, recent_quarters
from safeplan.reports.tables import ReportTable, as_csv
from safeplan.timeline.models import Obligation
from safeplan.versioned import NEW, StaleVersion
from safeplan.web.forms import add_service_errors
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


@require_safe
@login_required
def compliance(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Victims' Code compliance of the team: telling the victim on time, per right, over the last four quarters."""
    user = request.user
    if not permissions.can_see_team_figures(user):
        raise Http404
    quarters = recent_quarters(4)
    table = returns.compliance(user, quarters)
    return answer(
        request,
        report="compliance",
        title=_("Victims' Code compliance"),
        parameters=[
            ("team", user.team.name if user.team else "", _("Team")),
            ("quarters", f"{min(quarters)} to {max(quarters)}", _("Quarters")),
        ],
        tables=[presentation.compliance_table(table)],
        template="reports/report.html",
        context={"links": True, "intro": COMPLIANCE_INTRO},
    )


COMPLIANCE_INTRO = _(
    "Notify obligations of your team's cases due in each quarter, by the Victims' Code right they serve. "
    "The Victims and Prisoners Act 2024 makes compliance a duty unless there is good reason: the list behind "
    "each late figure shows how each was closed."
)


@require_safe
@login_required
def neighbourhood(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Force-wide counts by area and month, small numbers suppressed: safe for a neighbourhood profile."""
    user = request.user
    if not permissions.can_see_neighbourhood_figures(user):
        raise Http404
    quarter = parse_quarter(request.GET.get("quarter"))
    opened, high = neighbourhood_figures.figures(user, quarter)
    return answer(
        request,
        report="neighbourhood",
        title=_("Neighbourhood figures"),
        parameters=[
            ("force", user.agency.name if user.agency else "", _("Force")),
            ("quarter", quarter, _("Quarter")),
            ("suppressed_below", settings.REPORT_SUPPRESS_BELOW, _("Counts hidden below")),
        ],
        tables=[
            presentation.suppressed_table("opened", _("Domestic abuse cases opened, by area and month"), opened),
            presentation.suppressed_table("high", _("Cases graded high risk, by area and month"), high),
        ],
        template="reports/report.html",
        context={"quarters": _quarter_choices(quarter), "quarter": str(quarter), "intro": NEIGHBOURHOOD_INTRO},
    )


NEIGHBOURHOOD_INTRO = _(
    "Counts only, for neighbourhood profiles: no names, references, days or places finer than the area (the team "
    "that holds the case). Small numbers are hidden, and so are enough others that none can be worked out."
)


@require_safe
@login_required
def clares_law(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The Clare's Law return for a quarter: the disclosure app's figures for the requests received in it."""
    user = request.user
    if not permissions.can_see_clares_law_return(user):
        raise Http404
    quarter = parse_quarter(request.GET.get("quarter"))
    result = returns.clares_law(user, quarter)
    route_labels = {route.id: route.label.get(None) for rules in disclosure_rules().nations for route in rules.routes}
    outcome_labels = dict(DisclosureRequest.Outcome.choices) | {"undecided": _("Not yet decided")}
    return answer(
        request,
        report="clares_law",
        title=_("Clare's Law return"),
        parameters=[("force", user.agency.name if user.agency else "", _("Force")), ("quarter", quarter, _("Quarter"))],
        tables=presentation.clares_law_tables(result, route_labels, outcome_labels),
        template="reports/report.html",
        context={"quarters": _quarter_choices(quarter), "quarter": str(quarter), "intro": CLARES_LAW_INTRO},
    )


CLARES_LAW_INTRO = _("Requests received in the quarter by your force: counts and days to decision, no content.")


@require_http_methods(["GET", "POST"])
@login_required
def marac_return(request: AuthenticatedHttpRequest, area_id: int) -> HttpResponse:
    """The SafeLives MARAC return of an area for a quarter, per meeting; its coordinators enter the population."""
    area = next((a for a in permissions.coordinated_areas(request.user) if a.pk == area_id), None)
    if area is None:
        raise Http404
    quarter = parse_quarter(request.GET.get("quarter"))
    form = PopulationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.area_population_set(
                actor=request.user,
                area=area,
                adult_women=form.cleaned_data["adult_women"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The population figure was saved."))
            return redirect(reverse("reports:marac_return", args=[area.pk]) + f"?quarter={quarter}")
    result = returns.marac_return(area, quarter)
    if request.method == "POST":
        return render(
            request,
            "reports/marac_return.html",
            {
                "title": _("MARAC return"),
                "area": area,
                "form": form,
                "tables": presentation.marac_return_tables(result, dict(Agency.Kind.choices)),
                "quarters": _quarter_choices(quarter),
                "quarter": str(quarter),
            },
        )
    return answer(
        request,
        report="marac_return",
        title=_("MARAC return"),
        parameters=[("area", area.name, _("MARAC")), ("quarter", quarter, _("Quarter"))],
        tables=presentation.marac_return_tables(result, dict(Agency.Kind.choices)),
        template="reports/marac_return.html",
        context={"area": area, "form": form, "quarters": _quarter_choices(quarter), "quarter": str(quarter)},
    )


def _equality_form(data: Any, monitoring: EqualityMonitoring | None) -> EqualityForm:
    initial: dict[str, Any] = {"version": monitoring.version if monitoring else NEW}
    if monitoring is not None:
        initial |= {name: getattr(monitoring, name) for name in ("minoritised", "lgbt", "disabled", "gender")}
    return EqualityForm(data, initial=initial)


@require_http_methods(["GET", "POST"])
@login_required
def equality(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """The victim's equality monitoring answers, for the MARAC return; only those who may change the case."""
    case = editable_case_for(request.user, case_id)
    monitoring = EqualityMonitoring.objects.filter(case=case).first()
    form = _equality_form(request.POST if request.method == "POST" else None, monitoring)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.equality_monitoring_save(
                actor=request.user,
                case=case,
                minoritised=data["minoritised"],
                lgbt=data["lgbt"],
                disabled=data["disabled"],
                gender=data["gender"],
                version=data["version"],
            )
        except StaleVersion as error:
            current = error.current if isinstance(error.current, EqualityMonitoring) else None
            show_conflict(form, error, case=case, saved=_equality_form(None, current) if current else None)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The equality monitoring answers were saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "reports/equality_form.html", {"case": case, "form": form})


def _late_form(data: Any, late: LateReason | None) -> LateReasonForm:
    initial: dict[str, Any] = {"version": late.version if late else NEW}
    if late is not None:
        initial |= {"reason": late.reason, "note": late.note}
    return LateReasonForm(data, initial=initial)


@require_http_methods(["GET", "POST"])
@login_required
def late_reason(request: AuthenticatedHttpRequest, case_id: int, obligation_id: int) -> HttpResponse:
    """Why an obligation of the case missed its deadline; 404 for one that did not, as for a missing one."""
    case = editable_case_for(request.user, case_id)
    obligation = Obligation.objects.filter(case=case, pk=obligation_id).first()
    if obligation is None or not services.is_missed(obligation):
        raise Http404
    late = LateReason.objects.filter(obligation=obligation).first()
    form = _late_form(request.POST if request.method == "POST" else None, late)
    if request.method == "POST" and form.is_valid():
        try:
            services.late_reason_save(
                actor=request.user,
                obligation=obligation,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except StaleVersion as error:
            current = error.current if isinstance(error.current, LateReason) else None
            show_conflict(form, error, case=case, saved=_late_form(None, current) if current else None)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The reason was recorded."))
            back = request.GET.get("back", "")
            return redirect(back if _safe_back(request) else reverse("cases:detail", args=[case.pk]))
    return render(request, "reports/late_reason_form.html", {"case": case, "obligation": obligation, "form": form})


def _safe_back(request: AuthenticatedHttpRequest) -> bool:
    back = request.GET.get("back", "")
    return back.startswith("/reports/team/list/") and "//" not in back
