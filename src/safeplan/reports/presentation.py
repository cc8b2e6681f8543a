"""The dashboard's figures as captioned tables whose counts link to the lists behind them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safeplan.reports import drilldown as lists
from safeplan.reports.dashboard import Dashboard, Table
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
    shown = ReportTable(key, caption, [first, *(column_labels[c] for c in table.columns), _("Total")])
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
    completions = dict(Obligation.Completion.choices)
    missed = ReportTable(
        "missed",
        _("Done late in the quarter: how each was closed"),
        [_("Kind"), _("How it was closed"), _("Obligations")],
        note=_("The note given when each was closed is on the case's timeline."),
    )
    for kind in board.missed_how.rows:
        for completion in board.missed_how.columns:
            n = board.missed_how.get(kind, completion)
            if n:
                missed.add(
                    Shown(kinds.get(kind, kind)),
                    Shown(completions.get(completion, completion)),
                    count(n, list_link("obligations", quarter=quarter, kind=kind, outcome="late")),
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
