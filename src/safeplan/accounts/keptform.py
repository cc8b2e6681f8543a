"""A form sent just after the session ended is kept, sealed, and offered again after signing in.

An officer who types a long note and is signed out for being idle must not lose it (WCAG 2.2.1). The
POST that arrives after the session ended is checked like any form (the CSRF check of the ending
session), sealed with the field keys and kept in the new, signed-out session, never in the browser.
When the same person signs in again and opens the same page, they are shown what is kept and can send
it again (the form's own version and submission token still guard against a stale or double save) or
leave it. Anyone else who signs in on that browser gets nothing: it is dropped unseen. It is kept for
at most KEEP_SECONDS. A chosen file cannot be kept: the page says so.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeplan.accounts import signin
from safeplan.domain.fieldcrypto import decrypt_text, encrypt_text
from safeplan.encryption import keyring
from safeplan.web.csrf import FetchMetadataCsrfViewMiddleware

SESSION_KEY = signin.KEPT_FORM
CONTEXT = "accounts.kept_form"
KEEP_SECONDS = 30 * 60
NOT_KEPT = {"csrfmiddlewaretoken"}


def _sent_by_our_page(request: HttpRequest) -> bool:
    """Whether the POST passes the CSRF check of the session it was sent in (so no other site made it)."""

    def view(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
        raise AssertionError

    checker = FetchMetadataCsrfViewMiddleware(lambda request: HttpResponse())
    refused = checker.process_view(request, view, (), {})
    request.csrf_processing_done = False  # type: ignore[attr-defined]
    return refused is None


def seal(request: HttpRequest) -> str:
    """Return the sealed form of a POST from the signed-in user whose session has just ended, or ""."""
    user = request.user
    if request.method != "POST" or not user.is_authenticated or not _sent_by_our_page(request):
        return ""
    fields = [(name, value) for name, values in request.POST.lists() if name not in NOT_KEPT for value in values]
    if not fields:
        return ""
    kept = {"user": user.pk, "path": request.path, "fields": fields, "file": bool(request.FILES), "at": signin.now()}
    return encrypt_text(keyring(), json.dumps(kept), CONTEXT)


def keep(request: HttpRequest, sealed: str) -> None:
    """Keep a sealed form in the (new, signed-out) session."""
    if sealed:
        request.session[SESSION_KEY] = sealed


def take(request: HttpRequest) -> dict[str, Any] | None:
    """Return the kept form for this signed-in user on this page, removing it; drop it for anyone else.

    Nothing is returned (and nothing removed) on another page of the same person, so the form waits for
    the page it came from.
    """
    sealed = request.session.get(SESSION_KEY)
    if not sealed:
        return None
    try:
        kept: dict[str, Any] = json.loads(decrypt_text(keyring(), sealed, CONTEXT))
    except Exception:  # a tampered or unreadable session value is dropped, never shown
        del request.session[SESSION_KEY]
        return None
    expired = signin.now() - float(kept["at"]) > KEEP_SECONDS
    if kept["user"] != request.user.pk or expired:
        del request.session[SESSION_KEY]
        return None
    if request.method != "GET" or request.path != kept["path"]:
        return None
    del request.session[SESSION_KEY]
    return kept


def offer(request: HttpRequest, kept: dict[str, Any]) -> HttpResponse:
    """The page that offers a kept form: send it again to where it was going, or leave it."""
    return render(
        request,
        "accounts/kept_form.html",
        {"kept": kept, "fields": kept["fields"], "action": kept["path"], "file_lost": kept["file"]},
    )
