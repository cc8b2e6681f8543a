"""Small numbers in aggregate tables: hidden, and not recoverable from the totals."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.domain.suppression import TOTAL, suppress

Table = Mapping[tuple[str, str], int | None]


def lines(result: Table) -> list[list[tuple[str, str]]]:
    """Every row and column of a result, the totals row and column included."""
    rows: dict[str, list[tuple[str, str]]] = {}
    columns: dict[str, list[tuple[str, str]]] = {}
    for cell in result:
        rows.setdefault(cell[0], []).append(cell)
        columns.setdefault(cell[1], []).append(cell)
    return [*rows.values(), *columns.values()]


def true_totals(table: Mapping[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """The table with its totals, added up here without the function under test."""
    full = dict(table)
    for (row, column), count in table.items():
        full[(row, TOTAL)] = full.get((row, TOTAL), 0) + count
        full[(TOTAL, column)] = full.get((TOTAL, column), 0) + count
    full[(TOTAL, TOTAL)] = sum(table.values())
    return full


def test_it_adds_totals_and_shows_a_table_with_no_small_numbers_as_it_is() -> None:
    table = {("north", "2025"): 12, ("north", "2026"): 20, ("south", "2025"): 0, ("south", "2026"): 15}
    assert suppress(table) == {
        ("north", "2025"): 12,
        ("north", "2026"): 20,
        ("north", TOTAL): 32,
        ("south", "2025"): 0,
        ("south", "2026"): 15,
        ("south", TOTAL): 15,
        (TOTAL, "2025"): 12,
        (TOTAL, "2026"): 35,
        (TOTAL, TOTAL): 47,
    }


def test_one_small_cell_takes_a_second_cell_in_its_row_and_column_with_it() -> None:
    # 3 is hidden. Its row then needs a second hidden value (the smallest other: 12, whose
    # column then needs one too), and its column likewise (20).
    table = {("a", "x"): 3, ("a", "y"): 12, ("b", "x"): 20, ("b", "y"): 30}
    result = suppress(table)
    assert result[("a", "x")] is None
    assert result[("b", "y")] is None
    assert result[("a", "y")] is None
    assert result[("b", "x")] is None
    # The totals stay: with all four cells hidden the 3 could be anything from 0 to 15.
    assert [result[(row, TOTAL)] for row in ("a", "b", TOTAL)] == [15, 50, 65]
    assert [result[(TOTAL, column)] for column in ("x", "y")] == [23, 42]


def test_a_small_total_is_hidden_too() -> None:
    table = {("a", "x"): 4, ("a", "y"): 3, ("b", "x"): 40, ("b", "y"): 30}
    result = suppress(table)
    assert result[("a", TOTAL)] is None  # 7
    assert result[("a", "x")] is None
    assert result[("a", "y")] is None


def test_zeros_stay_zero() -> None:
    table = {("a", "x"): 0, ("a", "y"): 0, ("b", "x"): 25, ("b", "y"): 11}
    result = suppress(table)
    assert result[("a", "x")] == 0
    assert result[("a", "y")] == 0
    assert result[("a", TOTAL)] == 0


def test_a_threshold_of_one_hides_nothing() -> None:
    table = {("a", "x"): 1, ("a", "y"): 2}
    assert None not in suppress(table, threshold=1).values()


def test_an_empty_table_has_a_grand_total_of_zero() -> None:
    assert suppress({}) == {(TOTAL, TOTAL): 0}


@pytest.mark.parametrize(
    ("table", "threshold", "message"),
    [
        ({("a", "x"): -1}, 10, "0 or more"),
        ({("a", "x"): 1.5}, 10, "whole number"),
        ({("a", "x"): True}, 10, "whole number"),
        ({("a", TOTAL): 12}, 10, "kept for the totals"),
        ({(TOTAL, "x"): 12}, 10, "kept for the totals"),
        ({("a",): 12}, 10, "pair of strings"),
        ({("a", 2026): 12}, 10, "pair of strings"),
        ({("a", "x"): 12}, 0, "threshold"),
    ],
)
def test_it_refuses_a_bad_table_or_threshold(table: dict, threshold: int, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match=message):
        suppress(table, threshold=threshold)


TABLES = st.dictionaries(
    st.tuples(st.sampled_from(["r1", "r2", "r3", "r4"]), st.sampled_from(["c1", "c2", "c3", "c4"])),
    st.integers(min_value=0, max_value=40) | st.integers(min_value=0, max_value=12),
    max_size=16,
)


@given(TABLES, st.integers(min_value=1, max_value=12))
def test_no_row_or_column_holds_exactly_one_hidden_value(table: dict[tuple[str, str], int], threshold: int) -> None:
    result = suppress(table, threshold=threshold)
    for line in lines(result):
        assert sum(result[cell] is None for cell in line) != 1, line


@given(TABLES, st.integers(min_value=1, max_value=12))
def test_every_value_shown_is_exact_and_every_small_one_hidden(
    table: dict[tuple[str, str], int], threshold: int
) -> None:
    result = suppress(table, threshold=threshold)
    truth = true_totals(table)
    assert result.keys() == truth.keys()
    for cell, value in truth.items():
        if 0 < value < threshold:
            assert result[cell] is None, cell
        if result[cell] is not None:
            assert result[cell] == value, cell


@given(TABLES, st.integers(min_value=1, max_value=12))
def test_totals_are_consistent_with_what_is_shown(table: dict[tuple[str, str], int], threshold: int) -> None:
    result = suppress(table, threshold=threshold)
    rows = {row for row, _ in result}
    columns = {column for _, column in result}
    totalled = [([(row, c) for c in columns if c != TOTAL and (row, c) in result], (row, TOTAL)) for row in rows]
    totalled += [
        ([(r, column) for r in rows if r != TOTAL and (r, column) in result], (TOTAL, column)) for column in columns
    ]
    for parts, total in totalled:
        shown = [value for value in (result[cell] for cell in parts) if value is not None]
        if result[total] is not None:
            assert sum(shown) <= result[total]
            if len(shown) == len(parts):
                assert sum(shown) == result[total]
