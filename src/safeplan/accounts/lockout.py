"""The page shown to a locked-out username (django-axes' AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# 429 Too Many Requests: the truth, and not the 403 that reads as "forbidden".
LOCKED_STATUS = 429


def lockout_minutes() -> int:
    """Return how long a lockout lasts, in whole minutes."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """Explain the lockout in plain words, without saying whether the username exists."""
    return render(
        request,
        "accounts/locked.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": lockout_minutes()},
        status=LOCKED_STATUS,
    )
