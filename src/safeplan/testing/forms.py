"""Post a form as a browser does: with the hidden values (the record's version, the form's token) the page gave it."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpResponse
from django.test import Client

HIDDEN = re.compile(r'<input type="hidden" name="(version|submission)" value="([0-9a-f-]+)"')


def hidden_values(html: str) -> dict[str, str]:
    """Return the version and submission token the page's form carries ({} if none)."""
    return dict(HIDDEN.findall(html))


def submit(client: Client, url: str, data: dict[str, Any] | None = None) -> HttpResponse:
    """Open the page, then post data with the hidden values the page was loaded with (data may override them)."""
    loaded = hidden_values(client.get(url).content.decode())
    return client.post(url, {**loaded, **(data or {})})  # type: ignore[return-value]
