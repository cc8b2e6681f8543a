"""Post a form as a browser does: with the hidden values (the record's version) the page gave it."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpResponse
from django.test import Client

HIDDEN_VERSION = re.compile(r'<input type="hidden" name="(version)" value="(\d+)"')


def hidden_version(html: str) -> dict[str, str]:
    """Return {"version": ...} as the page's form carries it, or {} if it carries none."""
    return dict(HIDDEN_VERSION.findall(html))


def submit(client: Client, url: str, data: dict[str, Any] | None = None) -> HttpResponse:
    """Open the page, then post data with the version the page was loaded at (data may override it)."""
    loaded = hidden_version(client.get(url).content.decode())
    return client.post(url, {**loaded, **(data or {})})  # type: ignore[return-value]
