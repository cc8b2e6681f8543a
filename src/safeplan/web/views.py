"""Pages that belong to no single domain: the neutral front page and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from safeplan.content.helplines import helplines


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Show the neutral front page with the emergency numbers."""
    lines = helplines()
    return render(
        request,
        "web/home.html",
        {"emergency": lines.by_id("emergency"), "helplines": [h for h in lines.helplines if not h.emergency]},
    )


def _in_survivor_space(request: HttpRequest) -> bool:
    try:
        return request.path.startswith(reverse("survivor:start"))
    except NoReverseMatch:  # pragma: no cover - the survivor app is not installed
        return False


def _survivor_error(request: HttpRequest, heading: str, message: str, status: int) -> HttpResponse | None:
    """Render an error under the survivor space (/s/) as one of its own pages, or return None elsewhere.

    There the page must keep the neutral "Notes" title and the survivor quick exit, which ends
    the open space (the staff layout's exit goes straight to the neutral site and leaves it open).
    """
    if not _in_survivor_space(request):
        return None
    context = {
        "service_name": _("Notes"),
        "heading": heading,
        "message": message,
        # The language switch on an error page goes back to the start, never to the path that was
        # asked for: a refused record's page and a made-up id's page must stay byte for byte the same.
        "language_next": reverse("survivor:start"),
    }
    return render(request, "survivor/error.html", context, status=status)


# The staff error pages' language switch goes back to the front page (see _survivor_error).
ERROR_CONTEXT = {"language_next": "/"}


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Explain an expired form plainly instead of Django's technical page."""
    survivor = _survivor_error(
        request,
        _("The form expired"),
        _("Forms stop working after a while or when you lock. Nothing has been saved."),
        403,
    )
    return survivor or render(request, "web/csrf_failure.html", ERROR_CONTEXT, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    survivor = _survivor_error(
        request, _("Page not found"), _("If you typed the web address, check it is correct."), 404
    )
    return survivor or render(request, "web/404.html", ERROR_CONTEXT, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # A plain page that relies on as little as possible; in the survivor space its exit
    # goes through /s/x/, which locks the open space before leaving.
    # Elsewhere it goes through /staff/exit/, which also ends a professional's session.
    context: dict[str, str] = {"exit_url": reverse("accounts:exit"), **ERROR_CONTEXT}
    if _in_survivor_space(request):
        context = {
            "service_name": _("Notes"),
            "exit_url": reverse("survivor:exit"),
            "language_next": reverse("survivor:start"),
        }
    return render(request, "web/500.html", context, status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    survivor = _survivor_error(
        request, _("Something went wrong with that request"), _("Nothing has been changed. Go back and try again."), 400
    )
    return survivor or render(request, "web/400.html", ERROR_CONTEXT, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Refusals look like "not found", so nobody learns that a record exists.
    return page_not_found(request, exception)


@require_safe
@login_required
def bench_floor(request: HttpRequest) -> HttpResponse:
    """Render the base layout with no content for a signed-in user: the floor other pages are measured against."""
    return render(request, "web/bench_floor.html")
