"""Pages that belong to no single domain: the front page, the staff home, errors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
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


@require_safe
@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """Show a signed-in professional where to start."""
    from safeplan.cases.selectors import pending_handovers

    return render(request, "web/staff_home.html", {"handovers": pending_handovers(request.user)})  # type: ignore[arg-type]


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Explain an expired form plainly instead of Django's technical page."""
    return render(request, "web/csrf_failure.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Refusals look like "not found", so nobody learns that a record exists.
    return render(request, "web/404.html", status=404)
