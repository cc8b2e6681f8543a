"""Suppress small numbers in a count table so that no one can be picked out of it.

Aggregate figures for a neighbourhood profile can identify a victim when a
count is small ("2 cases in this ward this month"). Every count from 1 to
threshold - 1 is hidden (primary suppression). Hiding one value in a row is not
enough when the row total is shown: total minus the others gives it back, so
more values are hidden (secondary suppression) until no row and no column,
totals included, holds exactly one hidden value. Every value left shown is exact.
"""

from __future__ import annotations

from collections.abc import Mapping

TOTAL = "total"

Cell = tuple[str, str]


def suppress(table: Mapping[tuple[str, str], int], *, threshold: int = 10) -> dict[tuple[str, str], int | None]:
    """Return the table with row, column and grand totals added and small values replaced by None.

    table maps (row, column) to a count. The result adds (row, "total"),
    ("total", column) and ("total", "total"). Every value from 1 to threshold - 1,
    totals included, becomes None; then more values become None until no row and
    no column (the totals row and column included) holds exactly one None. Each
    extra value hidden is the smallest one that closes the gap, preferring one
    that closes a gap in its crossing line too; zeros stay 0 unless nothing else
    can be hidden. Cells absent from table count as 0 and stay absent.
    Raise ValueError for a negative or non-integer count, a key that is not two
    strings, a row or column called "total", or a threshold below 1.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be a whole number of 1 or more, not {threshold!r}")
    counts = _checked(table)
    rows = list(dict.fromkeys(row for row, _ in counts))
    columns = list(dict.fromkeys(column for _, column in counts))

    full: dict[Cell, int] = {}
    for row in rows:
        for column in columns:
            if (row, column) in counts:
                full[(row, column)] = counts[(row, column)]
        full[(row, TOTAL)] = sum(count for (r, _), count in counts.items() if r == row)
    for column in columns:
        full[(TOTAL, column)] = sum(count for (_, c), count in counts.items() if c == column)
    full[(TOTAL, TOTAL)] = sum(counts.values())

    hidden = {cell for cell, value in full.items() if 0 < value < threshold}
    lines = _lines(full)
    lines_of: dict[Cell, list[frozenset[Cell]]] = {cell: [] for cell in full}
    for line in lines:
        for cell in line:
            lines_of[cell].append(line)

    position = {cell: index for index, cell in enumerate(full)}
    while (exposed := next((line for line in lines if len(line & hidden) == 1), None)) is not None:
        crossing = {
            cell: any(len(line & hidden) == 1 for line in lines_of[cell] if line is not exposed)
            for cell in exposed
            if cell not in hidden
        }
        # Hide the smallest value, preferring one that also closes its crossing line; a zero only
        # as a last resort (a line with one hidden value always has a non-zero one shown: its total
        # or a part of it).
        hidden.add(min(crossing, key=lambda cell: (full[cell] == 0, not crossing[cell], full[cell], position[cell])))

    return {cell: None if cell in hidden else value for cell, value in full.items()}


def _checked(table: Mapping[tuple[str, str], int]) -> dict[Cell, int]:
    counts: dict[Cell, int] = {}
    for key, count in table.items():
        if not (isinstance(key, tuple) and len(key) == 2 and all(isinstance(part, str) for part in key)):
            raise ValueError(f"a key must be a (row, column) pair of strings, not {key!r}")
        if TOTAL in key:
            raise ValueError(f"{TOTAL!r} is kept for the totals and cannot name a row or column: {key!r}")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"the count for {key!r} must be a whole number of 0 or more, not {count!r}")
        counts[key] = count
    return counts


def _lines(full: Mapping[Cell, int]) -> list[frozenset[Cell]]:
    """Return every row and every column of the table with totals, the totals row and column included."""
    by_row: dict[str, set[Cell]] = {}
    by_column: dict[str, set[Cell]] = {}
    for cell in full:
        row, column = cell
        by_row.setdefault(row, set()).add(cell)
        by_column.setdefault(column, set()).add(cell)
    return [frozenset(cells) for cells in (*by_row.values(), *by_column.values())]
