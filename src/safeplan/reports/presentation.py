"""The dashboard's figures as captioned tables whose counts link to the lists behind them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from safeplan.reports import drilldown as lists
from safeplan.reports.dashboard import NOT_RECORDED, Dashboard, Table
from safeplan.reports.models import LateReason
from safeplan.reports.rights import RIGHTS
from safeplan.reports.tables import ReportTable, Shown
from safeplan.timeline.models import Obligation


def list_link(figure: str, **params: str) -> str:
    query = urlencode({key: value for key, value in params.items() if value != ""})
    return reverse("reports:list", args=[figure]) + (f"?{query}" if query else "")


def count(value: int, href: str) -> Shown:
    """A count that links to its list when there is anything in it."""
    return Shown(value, href if value else "")


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _table(
    key: str,
    caption: Any,
    first: Any,
    table: Table,
    labels: dict[str, Any],
    column_labels: dict[str, Any],
    link: Any,
) -> ReportTable:
    shown = ReportTable(key, caption, [first, *(column_labels[c] for c in table.columns), _("Total")], chart_column=-1)
    for row in table.rows:
        shown.add(
            Shown(labels.get(row, row)),
            *(count(table.get(row, column), link(row, column)) for column in table.columns),
            count(table.row_total(row), link(row, "")),
        )
    shown.add(
        Shown(_("Total")),
        *(count(table.column_total(column), link("", column)) for column in table.columns),
        count(table.total, link("", "")),
    )
    return shown


def dashboard_tables(board: Dashboard) -> list[ReportTable]:
    quarter = str(board.quarter)
    grades = dict(lists.GRADE_LABELS)
    outcomes = dict(lists.OUTCOME_LABELS)
    kinds = dict(Obligation.Kind.choices)
    tables = [
        _table(
            "caseload",
            _("Open cases by grade and responsible officer"),
            _("Responsible officer"),
            board.caseload,
            board.owners,
            grades,
            lambda row, column: list_link("cases", owner=row, grade=column),
        ),
        _table(
            "obligations",
            _("Obligations due in the quarter, by kind"),
            _("Kind"),
            board.by_kind,
            kinds,
            outcomes,
            lambda row, column: list_link("obligations", quarter=quarter, kind=row, outcome=column),
        ),
        _table(
            "rights",
            _("Telling the victim, due in the quarter, by Victims' Code right"),
            _("Right"),
            board.by_right,
            {str(number): label for number, label in RIGHTS.items()},
            outcomes,
            lambda row, column: list_link(
                "obligations", quarter=quarter, kind="notify" if not row else "", right=row, outcome=column
            ),
        ),
    ]
    on_time = ReportTable(
        "on_time", _("Share done on time, by kind"), [_("Kind"), _("Due and done or overdue"), _("On time")]
    )
    for kind in board.by_kind.rows:
        settled = sum(board.by_kind.get(kind, c) for c in ("on_time", "late", "overdue"))
        on_time.add(Shown(kinds.get(kind, kind)), settled, percent(board.by_kind.get(kind, "on_time"), settled))
    tables.append(on_time)
    reasons = dict(LateReason.Reason.choices) | {NOT_RECORDED: _("No reason recorded yet")}
    missed = ReportTable(
        "missed",
        _("Missed deadlines in the quarter (done late or overdue): the reason recorded"),
        [_("Kind"), _("Reason"), _("Obligations")],
        note=_("The Victims' Code must be followed unless there is good reason: record the reason from the list."),
    )
    for kind in board.missed_why.rows:
        for reason in board.missed_why.columns:
            n = board.missed_why.get(kind, reason)
            if n:
                missed.add(
                    Shown(kinds.get(kind, kind)),
                    Shown(reasons.get(reason, reason)),
                    count(n, list_link("obligations", quarter=quarter, kind=kind, missed=reason)),
                )
    tables.append(missed)
    reviews = ReportTable("reviews", _("Reviews overdue now"), [_("Kind"), _("Overdue")])
    for kind, n in board.reviews_overdue.items():
        reviews.add(Shown(kinds.get(kind, kind)), count(n, reverse("timeline:team_overdue") + f"?kind={kind}"))
    tables.append(reviews)
    repeats = ReportTable(
        "repeats", _("MARAC referrals in the quarter"), [_("Referrals"), _("Repeats"), _("Repeat rate")]
    )
    repeats.add(
        count(board.referrals, list_link("referrals", quarter=quarter)),
        count(board.repeats, list_link("referrals", quarter=quarter, repeat="yes")),
        percent(board.repeats, board.referrals),
    )
    tables.append(repeats)
    tables.append(
        _table(
            "actions",
            _("Open MARAC actions on the team's cases, by agency and how late"),
            _("Agency"),
            board.actions,
            {},
            dict(lists.LATENESS_LABELS),
            lambda row, column: list_link("actions", agency=row, lateness=column),
        )
    )
    if board.requests is not None:
        tables.append(
            _table(
                "requests",
                _("Open Clare's Law requests by stage and days open"),
                _("Stage"),
                board.requests,
                dict(lists.STAGE_LABELS),
                dict(lists.DAYS_OPEN_LABELS),
                lambda row, column: list_link("requests", stage=row, open_for=column),
            )
        )
    return tables


def grade_bars(board: Dashboard) -> list[tuple[Any, int]]:
    grades = dict(lists.GRADE_LABELS)
    return [(grades[grade], board.caseload.column_total(grade)) for grade in board.caseload.columns]


def suppressed_table(key: str, caption: Any, figures: Any) -> ReportTable:
    """A suppressed count table (safeplan.reports.neighbourhood): "[x]" for a hidden value, nothing linked."""
    from safeplan.domain.suppression import TOTAL

    shown = ReportTable(
        key,
        caption,
        [_("Area"), *figures.columns, _("Total")],
        chart_column=-1,
        note=_("[x]: fewer than the threshold, or hidden so that a small number cannot be worked out from the totals."),
    )
    for row in [*figures.rows, TOTAL]:
        cells = []
        for column in [*figures.columns, TOTAL]:
            value = figures.cells.get((row, column))
            cells.append(Shown("[x]", suppressed=True) if value is None else Shown(value))
        shown.add(Shown(_("Total") if row == TOTAL else row), *cells)
    return shown


def compliance_table(table: Table) -> ReportTable:
    outcomes = dict(lists.OUTCOME_LABELS)
    shown = ReportTable(
        "compliance",
        _("Telling the victim within the Victims' Code time, per right and quarter"),
        [_("Right"), _("Quarter"), *(outcomes[c] for c in table.columns), _("On time")],
        note=_("On time: done by the deadline, out of those done or overdue. Not yet due is left out."),
    )
    for key in table.rows:
        right, quarter = key.split()
        settled = sum(table.get(key, c) for c in ("on_time", "late", "overdue"))
        shown.add(
            Shown(RIGHTS[int(right)]),
            Shown(quarter),
            *(
                count(table.get(key, c), list_link("obligations", quarter=quarter, right=right, outcome=c))
                for c in table.columns
            ),
            Shown(percent(table.get(key, "on_time"), settled)),
        )
    return shown


def clares_law_tables(figures: Any, route_labels: dict[str, Any], outcome_labels: dict[str, Any]) -> list[ReportTable]:
    summary = ReportTable("summary", _("Decisions"), [_("Measure"), _("Value")])
    within = f"{round(100 * figures.within_target)}%" if figures.within_target is not None else "–"
    summary.add(Shown(_("Decided")), Shown(figures.decided))
    summary.add(Shown(_("Median days to decision")), Shown("–" if figures.median_days is None else figures.median_days))
    summary.add(
        Shown(_("90th percentile days to decision")), Shown("–" if figures.p90_days is None else figures.p90_days)
    )
    summary.add(Shown(_("Decided within the target (28 days in England and Wales)")), Shown(within))
    routes = ReportTable("routes", _("By route"), [_("Route"), _("Applications"), _("Disclosures")], chart_column=1)
    for route, applications, disclosures in figures.by_route:
        routes.add(Shown(route_labels.get(route, route)), Shown(applications), Shown(disclosures))
    outcomes = ReportTable("outcomes", _("By outcome"), [_("Outcome"), _("Requests")], chart_column=1)
    for outcome, n in figures.by_outcome:
        outcomes.add(Shown(outcome_labels.get(outcome, outcome)), Shown(n))
    months = ReportTable(
        "months", _("By month received"), [_("Month"), _("Applications"), _("Disclosures")], chart_column=1
    )
    for month, applications, disclosures in figures.by_month:
        months.add(Shown(month), Shown(applications), Shown(disclosures))
    return [summary, routes, outcomes, months]


def marac_return_tables(result: Any, agency_labels: dict[str, Any]) -> list[ReportTable]:
    meetings = ReportTable(
        "meetings",
        _("Cases per meeting"),
        [
            _("Meeting"),
            _("Cases"),
            _("Repeats"),
            _("Children in the household"),
            _("Black, Asian or racially minoritised victims"),
            _("LGBT+ victims"),
            _("Disabled victims"),
            _("Male victims"),
            _("Victims aged 16 or 17"),
            _("Perpetrators under 18"),
        ],
    )
    names = (
        "cases",
        "repeats",
        "children",
        "minoritised",
        "lgbt",
        "disabled",
        "male",
        "aged_16_17",
        "perpetrators_under_18",
    )
    for meeting in result.meetings:
        meetings.add(Shown(dateformat.format(meeting.meets_on, "d/m/Y")), *(Shown(getattr(meeting, n)) for n in names))
    meetings.add(Shown(_("Total")), *(Shown(sum(getattr(m, n) for m in result.meetings)) for n in names))
    referrers = ReportTable(
        "referrers",
        _("Cases by referring agency"),
        [_("Referring agency"), *(dateformat.format(m.meets_on, "d/m/Y") for m in result.meetings), _("Total")],
        chart_column=-1,
    )
    kinds = sorted({kind for m in result.meetings for kind in m.referrers})
    for kind in kinds:
        referrers.add(
            Shown(agency_labels.get(kind, kind)),
            *(Shown(m.referrers.get(kind, 0)) for m in result.meetings),
            Shown(sum(m.referrers.get(kind, 0) for m in result.meetings)),
        )
    rate = ReportTable(
        "rate",
        _("Volume against SafeLives' recommendation"),
        [_("Measure"), _("Value")],
        note=_(
            "Cases heard in the four quarters ending with this one, repeats included, per 10,000 women aged 16 "
            "and over in the area; SafeLives recommends 40."
        ),
    )
    population = result.population
    rate.add(Shown(_("Cases in the year")), Shown(result.cases_in_year))
    rate.add(Shown(_("Women aged 16 and over")), Shown(population.adult_women if population else "–"))
    rate.add(Shown(_("Source of the population figure")), Shown(population.source if population else "–"))
    rate.add(Shown(_("Cases per 10,000 a year")), Shown("–" if result.rate_in_year is None else result.rate_in_year))
    rate.add(
        Shown(_("Expected at 40 per 10,000")),
        Shown("–" if result.expected_in_year is None else result.expected_in_year),
    )
    return [meetings, referrers, rate]
