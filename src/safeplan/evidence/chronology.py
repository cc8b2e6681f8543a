"""Render a chronology of incidents (HTML, and PDF with WeasyPrint) from plain data.

Takes ChronologyEntry dataclasses, not models, so the professional case record and the
survivor's own diary render the same court-ready document. Entries are numbered in date order;
approximate dates are marked; the victim's own words are printed exactly as given (in the first
person); each entry names its exhibits ("EX-001"); a statement of truth closes the document.
Nothing is dropped: the caller decides what the entries hold, and the victim's confidential
address is never one of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from django.template.loader import render_to_string


class FetchRefused(ValueError):
    """The PDF renderer asked for a resource it may not fetch."""


@dataclass(frozen=True)
class ChronologyAmendment:
    """A later correction or addition to an entry, shown beneath the original."""

    recorded_at: datetime
    kind: str
    text: str = ""
    reason: str = ""
    field: str = ""
    exhibits: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChronologyEntry:
    """One incident as the chronology shows it. Empty fields are left out of the paragraph."""

    occurred_at: datetime
    summary: str
    time_is_approximate: bool = False
    approximation: str = ""
    place: str = ""
    victim_words: str = ""
    words_used: str = ""
    injuries: str = ""
    body_regions: tuple[str, ...] = ()
    witnesses: str = ""
    children: str = ""
    agencies: tuple[str, ...] = ()
    effect: str = ""
    exhibits: tuple[str, ...] = ()
    amendments: tuple[ChronologyAmendment, ...] = ()
    recorded_at: datetime | None = None
    source: str = ""
    key: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def in_date_order(entries: Sequence[ChronologyEntry]) -> list[ChronologyEntry]:
    """Return the entries sorted by when they happened (stable for equal times)."""
    return sorted(entries, key=lambda entry: entry.occurred_at)


def render_html(
    entries: Sequence[ChronologyEntry],
    *,
    reference: str,
    title: str = "",
    created_at: datetime,
    chain_head: str = "",
    statement_name: str = "",
    signing_key: str = "",
) -> str:
    """Return the chronology as a standalone HTML document (styles inline, no external resources)."""
    return render_to_string(
        "evidence/chronology_document.html",
        {
            "entries": in_date_order(entries),
            "reference": reference,
            "title": title,
            "created_at": created_at,
            "chain_head": chain_head,
            "statement_name": statement_name,
            "signing_key": signing_key,
        },
    )


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Refuse every fetch: the chronology is self-contained and must never reach the network."""
    raise FetchRefused(f"the chronology may not fetch {url[:60]!r}")


def render_pdf(entries: Sequence[ChronologyEntry], target: IO[bytes], **options: Any) -> None:
    """Write the chronology as a PDF to target; options are those of render_html."""
    from weasyprint import HTML

    html = render_html(entries, **options)
    HTML(string=html, url_fetcher=refuse_fetch, base_url=None).write_pdf(target)
