"""One way to page through a list: a bounded number of rows, GOV.UK pagination links that keep the filters.

Two kinds of page, one result type (Pages) and one template (web/includes/pagination.html):

- paginate(): numbered pages over a queryset, with the total counted in the database. For
  lists a person browses (cases, queues, incidents): the count is one indexed query.
- keyset(): "newer" and "older" pages that continue from the last row shown, for lists that
  grow without end (audit trails, a long timeline). Page 500 costs what page 1 costs, where an
  OFFSET would read and throw away every row before it.
"""

from __future__ import annotations

import json
from base64 import urlsafe_b64decode, urlsafe_b64encode
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, QueryDict

T = TypeVar("T")
M = TypeVar("M", bound=Model)

# An audit trail's order, newest first; id breaks ties between events of the same moment.
AUDIT_ORDER = ("-occurred_at", "-id")

PAGE = "page"
AFTER = "after"
BEFORE = "before"


def page_size() -> int:
    """Return how many rows a list page holds (SAFEPLAN_LIST_PAGE_SIZE)."""
    size: int = settings.LIST_PAGE_SIZE
    return size


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for an ellipsis
    query: str = ""
    current: bool = False


@dataclass
class Pages(Generic[T]):
    """One page of a list: its rows and how to reach the others (query strings keep every filter)."""

    rows: list[T]
    # The whole list's size, counted in the database; None for a keyset list, which is not counted.
    total: int | None = None
    number: int | None = None
    num_pages: int | None = None
    previous_query: str | None = None
    next_query: str | None = None
    links: list[PageLink] = field(default_factory=list)
    # Words for the links of a keyset list ("Newer events"); numbered lists say "Previous" and "Next".
    previous_label: Any = ""
    next_label: Any = ""

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return self.previous_query is not None or self.next_query is not None


def _query(request: HttpRequest, drop: Sequence[str], **values: str) -> str:
    """Return the request's query string with the paging parameters replaced, filters kept."""
    params: QueryDict = request.GET.copy()
    for name in (PAGE, AFTER, BEFORE, *drop):
        params.pop(name, None)
    for name, value in values.items():
        params[name] = value
    return params.urlencode()


def _numbered_links(request: HttpRequest, number: int, num_pages: int) -> list[PageLink]:
    """Return GOV.UK's page list: first, last, the current page and its neighbours, with gaps marked."""
    wanted = sorted({1, num_pages, number - 1, number, number + 1} & set(range(1, num_pages + 1)))
    links: list[PageLink] = []
    for n in wanted:
        if links and links[-1].number is not None and n - (links[-1].number or 0) > 1:
            links.append(PageLink(None))
        links.append(PageLink(n, _query(request, (), page=str(n)), current=n == number))
    return links


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    *,
    per_page: int | None = None,
    previous_label: Any = "",
    next_label: Any = "",
) -> Pages[Any]:
    """Return the page of rows the request asks for (?page=N); a bad or too large N gives the nearest page.

    rows must be ordered on something unique, so no row is shown twice or never. A list (the
    survivor's diary, read from her vault in one piece) pages the same way.
    """
    paginator = Paginator(rows, per_page or page_size())
    page = paginator.get_page(request.GET.get(PAGE))
    return Pages(
        rows=list(page.object_list),
        total=paginator.count,
        number=page.number,
        num_pages=paginator.num_pages,
        previous_query=_query(request, (), page=str(page.previous_page_number())) if page.has_previous() else None,
        next_query=_query(request, (), page=str(page.next_page_number())) if page.has_next() else None,
        links=_numbered_links(request, page.number, paginator.num_pages) if paginator.num_pages > 1 else [],
        previous_label=previous_label,
        next_label=next_label,
    )


def _encode(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if hasattr(v, "isoformat") else v for v in values]
    return urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(token: str, model: type[Model], names: Sequence[str]) -> list[Any] | None:
    """Return the cursor's values converted to their fields' types, or None if it is not one of ours."""
    try:
        raw = json.loads(urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(raw, list) or len(raw) != len(names):
            return None
        fields = [model._meta.get_field(name) for name in names]
        return [f.to_python(value) for f, value in zip(fields, raw, strict=True)]  # type: ignore[union-attr]
    except (ValueError, TypeError, ValidationError, FieldDoesNotExist):
        return None


def _beyond(ordering: Sequence[str], values: Sequence[Any], *, forwards: bool) -> Q:
    """Return the filter for rows after (forwards) or before the cursor in the given ordering."""
    condition = Q()
    for i in reversed(range(len(ordering))):
        name = ordering[i].lstrip("-")
        descending = ordering[i].startswith("-")
        lookup = "lt" if descending == forwards else "gt"
        step = Q(**{f"{name}__{lookup}": values[i]})
        condition = step if i == len(ordering) - 1 else step | (Q(**{name: values[i]}) & condition)
    return condition


def keyset(
    request: HttpRequest,
    rows: QuerySet[M],
    *,
    ordering: Sequence[str],
    previous_label: Any,
    next_label: Any,
    per_page: int | None = None,
) -> Pages[M]:
    """Return the page after ?after=<cursor> or before ?before=<cursor> (the first page without either).

    ordering names the fields the list is in, ending with a unique one (for example
    ("-occurred_at", "-id")), and should match an index. A cursor that is not ours gives the first page.
    """
    size = per_page or page_size()
    names = [name.lstrip("-") for name in ordering]
    model = rows.model
    after = _decode(request.GET.get(AFTER, ""), model, names) if request.GET.get(AFTER) else None
    before = _decode(request.GET.get(BEFORE, ""), model, names) if request.GET.get(BEFORE) else None
    if before is not None:
        flipped = [name[1:] if name.startswith("-") else f"-{name}" for name in ordering]
        found = list(rows.filter(_beyond(ordering, before, forwards=False)).order_by(*flipped)[: size + 1])
        has_previous = len(found) > size
        page_rows = list(reversed(found[:size]))
        has_next = True
    else:
        query = rows.order_by(*ordering)
        if after is not None:
            query = query.filter(_beyond(ordering, after, forwards=True))
        found = list(query[: size + 1])
        has_next = len(found) > size
        page_rows = found[:size]
        has_previous = after is not None

    def cursor(row: M) -> str:
        return _encode([getattr(row, name) for name in names])

    previous_query = next_query = None
    if page_rows:
        previous_query = _query(request, (), before=cursor(page_rows[0])) if has_previous else None
        next_query = _query(request, (), after=cursor(page_rows[-1])) if has_next else None
    elif after is not None or before is not None:
        previous_query = _query(request, ())  # past either end (rows went away): back to the first page
    return Pages(
        rows=page_rows,
        previous_query=previous_query,
        next_query=next_query,
        previous_label=previous_label,
        next_label=next_label,
    )
