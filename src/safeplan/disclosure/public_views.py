"""The public right-to-ask form. No account, nothing kept on the device, and a quick exit that keeps what was typed."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from safeplan.disclosure import public, services
from safeplan.disclosure.forms import PublicRequestForm
from safeplan.disclosure.rules import rules_for
from safeplan.web.forms import add_service_errors

TEMPLATE = "disclosure/public_form.html"


def _fields(form: PublicRequestForm) -> list[str]:
    return [name for name in form.fields if name != "code"]


def _page(request: HttpRequest, form: PublicRequestForm, code: str, status: int = 200, **extra: object) -> HttpResponse:
    return render(
        request, TEMPLATE, {"form": form, "code": code, "form_name": public.FORM_NAME, **extra}, status=status
    )


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    """Ask about a partner's past: save and come back later, or send it to the police."""
    team = public.online_team()
    if team is None:
        return render(request, "disclosure/public_unavailable.html", status=503)
    if request.method == "GET":
        code = public.new_code()
        return _page(request, PublicRequestForm(initial={"code": code}), code)
    form = PublicRequestForm(request.POST)
    code = request.POST.get("code", "").strip() or public.new_code()
    if "save" in request.POST:
        public.draft_keep(code, request.POST, _fields(form))
        return render(request, "disclosure/public_saved.html", {"code": code})
    if form.is_valid():
        try:
            services.request_create(
                actor=None,
                team=team,
                route=_ask_route(team.agency.nation),
                channel="online",
                received_at=None,
                **form.details(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            public.draft_forget(code)
            return render(request, "disclosure/public_done.html")
    return _page(request, form, code, status=400)


def _ask_route(nation: str) -> str:
    return next(route.id for route in rules_for(nation).rules.routes if route.kind == "ask")


@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest) -> HttpResponse:
    """Come back to the form with the code: what was typed is shown again, nothing else."""
    if request.method == "POST":
        code = request.POST.get("code", "")
        kept = public.draft_load(code)
        if kept is not None:
            form = PublicRequestForm(initial={**kept, "code": code})
            return _page(request, form, code, resumed=True)
        return render(request, "disclosure/public_resume.html", {"not_found": True}, status=400)
    return render(request, "disclosure/public_resume.html")


@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest) -> HttpResponse:
    """The quick exit: keep what was typed under its code (a beacon POST), then go to the neutral site.

    The beacon carries the form's CSRF token; without JavaScript the exit link comes here by GET.
    """
    if request.method == "POST" and request.POST.get("_form") == public.FORM_NAME:
        public.draft_keep(request.POST.get("code", ""), request.POST, _fields(PublicRequestForm()))
    navigating = request.method == "GET" or request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"
    response = HttpResponseRedirect(settings.EXIT_URL, status=303) if navigating else HttpResponse(status=204)
    request.session.flush()
    return response
