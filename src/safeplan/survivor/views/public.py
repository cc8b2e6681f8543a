"""Pages of the survivor space anyone can read, with or without a space open."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_safe

from safeplan.survivor import content, forms
from safeplan.survivor.views.base import after_post, pop_shown, render_page


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return render_page(request, "survivor/start.html", {"tracks": content.covering_tracks()})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render_page(request, "survivor/about.html", {"tracks": content.covering_tracks()})


@require_safe
def helplines(request: HttpRequest) -> HttpResponse:
    national, local = content.all_helplines()
    everywhere, areas = content.local_by_area(local)
    context = {"national": national, "local": local, "everywhere": everywhere, "areas": areas}
    return render_page(request, "survivor/helplines.html", context)


@require_safe
def legal(request: HttpRequest) -> HttpResponse:
    return render_page(request, "survivor/legal.html", {"options": content.legal_options().options})


@require_http_methods(["GET", "POST"])
def self_check(request: HttpRequest) -> HttpResponse:
    form = forms.SelfCheckForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        return after_post(request, "survivor:self_check", worried=form.any_yes())
    shown = pop_shown(request) if request.method == "GET" else {}
    answered = "worried" in shown
    national, _local = content.all_helplines()
    return render_page(
        request,
        "survivor/self_check.html",
        {"form": form, "answered": answered, "worried": bool(shown.get("worried")), "helplines": national},
    )
