"""Errors as problem details (RFC 9457, application/problem+json): never a page, never a stack trace."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from safeplan.cases.selectors import case_for, editable_case_for
from safeplan.disclosure.selectors import request_for
from safeplan.marac.selectors.access import action_for
from safeplan.versioned import StaleVersion

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Changed since you read it",
    422: "The request is not valid",
    428: "A version is required",
    429: "Too many calls",
    500: "Something went wrong",
}


def problem(status: int, detail: str = "", *, errors: list[dict[str, str]] | None = None, **extra: Any) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    response = HttpResponse(json.dumps(body), status=status, content_type=MEDIA_TYPE)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    if status == 429:
        response["Retry-After"] = "60"
    return response


def _pointer(loc: Any) -> str:
    """Return a JSON pointer-like path for a pydantic location, without ninja's own wrappers."""
    parts = [str(p) for p in loc if p not in ("payload",)]
    return "/".join(parts)


def _gates() -> dict[str, Callable[[Any, int, bool], object]]:
    """Return, for each id a path may name, the gate that answers 404 for whoever may not reach it."""
    return {
        "case_id": lambda user, pk, write: (editable_case_for if write else case_for)(user, pk),
        "request_id": lambda user, pk, write: request_for(user, pk),
        "action_id": lambda user, pk, write: action_for(user, pk),
    }


def _outside_case(request: HttpRequest) -> bool:
    """Return True if the call names a record the caller may not open (or, for a case write, change).

    Ninja reads the body before the view runs; this puts the gate first, so a bad body on
    someone else's record answers 404 exactly like a made-up id, never a validation error.
    """
    match = getattr(request, "resolver_match", None)
    who = getattr(request, "auth", None)
    if match is None or not hasattr(who, "user"):
        return False
    write = request.method not in ("GET", "HEAD", "OPTIONS")
    for name, gate in _gates().items():
        if name in match.kwargs:
            try:
                gate(who.user, int(match.kwargs[name]), write)  # type: ignore[union-attr]
            except Http404:
                return True
            return False
    return False


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        if _outside_case(request):
            return problem(404)
        errors = [{"field": _pointer(e.get("loc", ())), "detail": str(e.get("msg", ""))} for e in exc.errors]
        return problem(422, errors=errors)

    @api.exception_handler(StaleVersion)
    def stale(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
        return problem(412, "The record changed after you read it; read it again, then send your change.")

    @api.exception_handler(DjangoValidationError)
    def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": field, "detail": str(message)}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            errors = [{"field": "", "detail": str(message)} for message in exc.messages]
        return problem(422, errors=errors)

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # A write the services refuse on a record the caller can see; unseen records are already 404.
        return problem(404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and _outside_case(request):
            return problem(404)
        return problem(exc.status_code, str(exc.message) if exc.status_code != 500 else "")

    @api.exception_handler(Exception)
    def crashed(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API call failed")
        return problem(500)
