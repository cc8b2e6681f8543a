"""Where to send a professional next, safely."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest) -> str:
    """Return the ``next`` address from the query or form if it is on this site, else the staff home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(view_name: str, next_url: str) -> str:
    """Return the address of a named view that carries on to ``next_url`` afterwards."""
    return f"{reverse(view_name)}?{urlencode({'next': next_url})}"
