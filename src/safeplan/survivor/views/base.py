"""The shell of every survivor page: neutral title, auto-lock data, and the open space a page needs.

Every page has a neutral title ("Notes"), the quick exit, and ``Cache-Control: no-store``
(set for every page by safeplan.web.middleware). Nothing here logs or audits: a record that
a space was used would itself identify it. Pages that need an open space redirect to the
"open" page when none is (or it has locked itself).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safeplan.survivor import services, session
from safeplan.survivor.document import Document, PlanSpace


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """Render a survivor page with the neutral service name and, when a space is open, its auto-lock."""
    values = {
        "service_name": _("Notes"),
        "autolock_seconds": session.autolock_seconds(),
        "space_open": getattr(request, "survivor_space_open", False) or session.is_open(request),
        **(context or {}),
    }
    return render(request, template, values, status=status)


def with_space(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run the view with the open space and its content, or send the browser to the open page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        opened = session.current(request)
        document = services.vault_read(opened) if opened is not None else None
        if opened is None or document is None:
            response = redirect("survivor:open")
            session.end(request, response)
            return response
        request.survivor_space_open = True  # type: ignore[attr-defined]
        return view(request, opened, document, *args, **kwargs)

    return wrapper


def plan_only(document: Document) -> PlanSpace:
    """Return the document if it is a plan space; a notes space answers 404, as a missing page does."""
    if not isinstance(document, PlanSpace):
        raise Http404
    return document
