"""Check that a list page stays the same size however many rows are behind it."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# Smaller than one row of any list: page counts and totals may change their digits, nothing more.
HTML_SLACK = 200


def page_cost(client: Client, path: str) -> tuple[int, int]:
    """Return (queries, HTML bytes) of a GET of path, after one GET that lets the session settle."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return len(captured), len(response.content)


def assert_bounded(client: Client, path: str | Callable[[], str], add: Callable[[int], None], *, page: int) -> None:
    """Add rows to fill three pages, then five more pages; the page's queries and HTML must not grow.

    page is the list's page size (set SAFEPLAN_LIST_PAGE_SIZE small in the test with the settings fixture).
    """
    where = path if callable(path) else (lambda: path)
    add(3 * page + 1)
    small_queries, small_html = page_cost(client, where())
    add(5 * page)
    large_queries, large_html = page_cost(client, where())
    assert large_queries == small_queries, f"{where()}: {small_queries} queries, then {large_queries} with more rows"
    assert abs(large_html - small_html) < HTML_SLACK, f"{where()}: {small_html} bytes, then {large_html} with more rows"
