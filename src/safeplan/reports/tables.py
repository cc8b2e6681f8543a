"""One shape for every figure a report shows: a captioned table of cells, drawn as HTML, printed, or written as CSV.

Building each report once as ReportTables means the page, the printable page and the CSV
export cannot disagree, and none of them can carry more than the page shows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from safeplan.reports.charts import BarChart, bar_chart

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Shown:
    """One cell: its text and, for a count, the list behind it (empty when there is none or it is 0)."""

    text: Any
    href: str = ""
    suppressed: bool = False


@dataclass
class ReportTable:
    key: str
    caption: Any
    headings: Sequence[Any]
    rows: list[list[Shown]] = field(default_factory=list)
    note: Any = ""
    # The column drawn as a bar chart above the table (an index into each row), or None for no chart.
    chart_column: int | None = None

    def add(self, *cells: Shown | Any) -> None:
        self.rows.append([cell if isinstance(cell, Shown) else Shown(cell) for cell in cells])

    def chart(self) -> BarChart | None:
        """The chart column's counts as bars, one per row, leaving out the Total row and hidden ([x]) cells.

        The chart is drawn from the very cells the table shows, so the two cannot disagree, and a
        suppressed count is never drawn (a bar's length would give it away).
        """
        if self.chart_column is None:
            return None
        total = str(_("Total"))
        bars = [
            (row[0].text, row[self.chart_column].text)
            for row in self.rows
            if str(row[0].text) != total
            and not row[self.chart_column].suppressed
            and isinstance(row[self.chart_column].text, int)
        ]
        return bar_chart(bars) if bars else None


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def as_csv(title: Any, parameters: Iterable[tuple[Any, Any]], tables: Iterable[ReportTable]) -> str:
    """Return the report as CSV: a title line, its parameters, then each table under its caption."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(title)])
    for name, value in parameters:
        writer.writerow([safe_cell(name), safe_cell(value)])
    for table in tables:
        writer.writerow([])
        writer.writerow([safe_cell(table.caption)])
        writer.writerow([safe_cell(heading) for heading in table.headings])
        for row in table.rows:
            writer.writerow([safe_cell(cell.text) for cell in row])
        if table.note:
            writer.writerow([safe_cell(table.note)])
    return out.getvalue()
