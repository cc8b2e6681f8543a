"""Pages of the survivor space (under /s/). No account: a space is opened with its six words.

Every page has a neutral title ("Notes"), the quick exit, and ``Cache-Control: no-store``
(set for every page by safeplan.web.middleware). Nothing here logs or audits: a record that
a space was used would itself identify it. Pages that need an open space redirect to the
"open" page when none is (or it has locked itself).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.content.measures import knowledge_base
from safeplan.domain.tailoring import Circumstances, suggest
from safeplan.survivor import content, forms, limits, services, session
from safeplan.survivor.selectors import bag_items, share_statuses

GENERIC_FAILURE = gettext_lazy(
    "We couldn't open a space with those words. Check each word and try again. "
    "If it still does not open, wait 15 minutes and try again, or start a new space."
)

# The lists a space keeps: which kind of space has them, their heading and their form.
LISTS: dict[str, dict[str, Any]] = {
    "contacts": {"kind": services.KIND_PLAN, "title": gettext_lazy("People to contact"), "form": forms.ContactForm},
    "code_words": {"kind": services.KIND_PLAN, "title": gettext_lazy("Code words"), "form": forms.CodeWordForm},
    "shopping": {"kind": services.KIND_NOTES, "title": gettext_lazy("Shopping list"), "form": forms.NoteForm},
    "recipes": {"kind": services.KIND_NOTES, "title": gettext_lazy("Recipes"), "form": forms.NoteForm},
    "todo": {"kind": services.KIND_NOTES, "title": gettext_lazy("To do"), "form": forms.NoteForm},
}


def _render(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
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


def _plan_only(document: services.Document) -> None:
    if document.get("kind") != services.KIND_PLAN:
        raise Http404


# Pages anyone can read, with or without a space.


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return _render(request, "survivor/start.html", {"tracks": content.covering_tracks()})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return _render(request, "survivor/about.html", {"tracks": content.covering_tracks()})


@require_safe
def helplines(request: HttpRequest) -> HttpResponse:
    national, local = content.all_helplines()
    return _render(request, "survivor/helplines.html", {"national": national, "local": local})


@require_safe
def legal(request: HttpRequest) -> HttpResponse:
    return _render(request, "survivor/legal.html", {"options": content.legal_options().options})


@require_http_methods(["GET", "POST"])
def self_check(request: HttpRequest) -> HttpResponse:
    form = forms.SelfCheckForm(request.POST if request.method == "POST" else None)
    answered = form.is_valid()
    national, _local = content.all_helplines()
    return _render(
        request,
        "survivor/self_check.html",
        {"form": form, "answered": answered, "worried": answered and form.any_yes(), "helplines": national},
    )


# Creating, opening, locking and leaving.


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render(request, "survivor/new.html", {"tracks": content.covering_tracks()})
    buckets = limits.create_buckets(request)
    if limits.is_limited(buckets):
        context = {"tracks": content.covering_tracks(), "busy": True}
        return _render(request, "survivor/new.html", context, status=429)
    limits.note_failure(buckets)  # counts the creation, like an attempt
    passphrase, opened = services.vault_create()
    response = redirect("survivor:words", permanent=False)
    response.status_code = 303
    session.start(request, response, opened)
    session.stash_words(request, passphrase, duress=False)
    return response


@require_safe
@with_space
def words(request: HttpRequest, opened: services.OpenVault, document: services.Document) -> HttpResponse:
    """Show new words once; afterwards (Back, refresh) the page goes to the space's home."""
    stashed = session.pop_words(request)
    if stashed is None:
        return redirect("survivor:home")
    passphrase, duress = stashed
    return _render(request, "survivor/created.html", {"words": passphrase.split(), "duress": duress})


@require_http_methods(["GET", "POST"])
def open_space(request: HttpRequest) -> HttpResponse:
    form = forms.OpenForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        buckets = limits.unlock_buckets(request)
        opened = None
        if not limits.is_limited(buckets):
            opened = services.vault_open(form.cleaned_data["passphrase"])
            if opened is None:
                limits.note_failure(buckets)
        if opened is not None:
            response = redirect("survivor:home")
            session.start(request, response, opened)
            return response
        form.add_error("passphrase", GENERIC_FAILURE)
        # Do not show the words that were typed again: they stay on the screen otherwise.
        form.data = {key: value for key, value in form.data.items() if key != "passphrase"}
    return _render(request, "survivor/open.html", {"form": form})


@require_http_methods(["GET", "POST"])
def lock(request: HttpRequest) -> HttpResponse:
    response = _render(request, "survivor/open.html", {"form": forms.OpenForm(), "locked": True})
    session.end(request, response)
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest) -> HttpResponse:
    """Close any open space and send the browser to the neutral site (only ever settings.EXIT_URL).

    With JavaScript the page POSTs here with ``navigator.sendBeacon`` and replaces itself with
    the neutral site at once; without it, the exit link comes here and is redirected. Exempt
    from CSRF on purpose: a forged request can only lock a space, which is the safe direction,
    and the beacon must work even when the page's token is stale.
    """
    navigating = request.method == "GET" or request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"
    response = HttpResponseRedirect(settings.EXIT_URL, status=303) if navigating else HttpResponse(status=204)
    session.end(request, response)
    return response


# Inside a space.


@require_safe
@with_space
def home(request: HttpRequest, opened: services.OpenVault, document: services.Document) -> HttpResponse:
    if document.get("kind") == services.KIND_NOTES:
        lists = [
            (name, spec["title"], len(document["lists"].get(name, [])))
            for name, spec in LISTS.items()
            if spec["kind"] == services.KIND_NOTES
        ]
        return _render(request, "survivor/notes_home.html", {"lists": lists})
    plan = document["plan"]
    return _render(
        request,
        "survivor/home.html",
        {"planned": plan.get("situation") is not None, "chosen_count": len(plan.get("chosen", []))},
    )


@require_http_methods(["GET", "POST"])
@with_space
def plan(request: HttpRequest, opened: services.OpenVault, document: services.Document) -> HttpResponse:
    _plan_only(document)
    saved = document["plan"]
    initial: dict[str, str] = {}
    if saved.get("situation"):
        initial["situation"] = saved["situation"]
        for name, value in saved.get("answers", {}).items():
            initial[name] = {True: "yes", False: "no"}.get(value, "unsure")
    form = forms.PlanQuestionsForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        answers = form.answers()
        situation = form.cleaned_data["situation"]

        def change(document: services.Document) -> None:
            document["plan"]["situation"] = situation
            document["plan"]["answers"] = answers

        services.vault_update(opened, change)
        return redirect("survivor:choose")
    return _render(request, "survivor/plan.html", {"form": form})


def _suggestions(document: services.Document) -> list[Any]:
    saved = document["plan"]
    circumstances = Circumstances.from_answers(saved["situation"], saved.get("answers", {}))
    return suggest(knowledge_base().measures, circumstances)


@require_http_methods(["GET", "POST"])
@with_space
def choose(request: HttpRequest, opened: services.OpenVault, document: services.Document) -> HttpResponse:
    _plan_only(document)
    if not document["plan"].get("situation"):
        return redirect("survivor:plan")
    suggestions = _suggestions(document)
    choices = [(suggestion.measure.id, str(suggestion.measure.title)) for suggestion in suggestions]
    form = forms.ChoicesForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"chosen": document["plan"].get("chosen", [])},
    )
    if form.is_valid():
        chosen = form.cleaned_data["chosen"]
        services.vault_update(opened, lambda document: document["plan"].__setitem__("chosen", chosen))
        return redirect("survivor:home")
    chosen = set(form["chosen"].value() or [])
    return _render(request, "survivor/choose.html", {"form": form, "suggestions": suggestions, "chosen": chosen})


@require_http_methods(["GET", "POST"])
@with_space
def bag(request: HttpRequest, opened: services.OpenVault, document: services.Document) -> HttpResponse:
    _plan_only(document)
    items = bag_items()
    form = forms.BagForm(
        request.POST if request.method == "POST" else None,
        choices=[(measure.id, str(measure.title)) for measure in items],
        initial={"packed": document.get("bag", [])},
    )
    saved = False
    if form.is_valid():
        packed = form.cleaned_data["packed"]
        services.vault_update(opened, lambda document: document.__setitem__("bag", packed))
        saved = True
    packed_now = set(form["packed"].value() or [])
    return _render(request, "survivor/bag.html", {"form": form, "items": items, "packed": packed_now, "saved": saved})


@require_http_methods(["GET", "POST"])
@with_space
def list_page(request: HttpRequest, opened: services.OpenVault, document: services.Document, name: str) -> HttpResponse:
    spec = LISTS.get(name)
    if spec is None or spec["kind"] != document.get("kind"):
        raise Http404
    form = spec["form"](request.POST if request.method == "POST" else None)
    if form.is_valid():
        fields = {key: str(value) for key, value in form.cleaned_data.items() if key != "text"}
        item = services.new_item(form.cleaned_data["text"], **fields)
        services.vault_update(opened, lambda document: document["lists"].setdefault(name, []).append(item))
        return redirect("survivor:list", name=name)
    return _render(
        request,
        "survivor/list.html",
        {"name": name, "title": spec["title"], "items": document["lists"].get(name, []), "form": form},
    )


@require_POST
@with_space
def list_remove(
    request: HttpRequest, opened: services.OpenVault, document: services.Document, name: str
) -> HttpResponse:
    spec = LISTS.get(name)
    if spec is None or spec["kind"] != document.get("kind"):
        raise Http404
    item_id = request.POST.get("item", "")

    def change(document: services.Document) -> None:
        document["lists"][name] = [item for item in document["lists"].get(name, []) if item["id"] != item_id]

    services.vault_update(opened, change)
    return redirect("survivor:list", name=name)


@require_http_methods(["GET", "POST"])
@with_space
def settings_page(request: HttpRequest, opened: services.OpenVault, document: services.Document) -> HttpResponse:
    _plan_only(document)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "duress":
        session.stash_words(request, services.duress_create(opened), duress=True)
        return redirect("survivor:words")
    if action == "remove_duress":
        services.duress_remove(opened)
        return redirect("survivor:settings")
    if action == "delete" and request.POST.get("confirm") == "yes":
        services.vault_delete(opened)
        response = redirect("survivor:start")
        session.end(request, response)
        return response
    return _render(
        request,
        "survivor/settings.html",
        {"has_duress": bool(document.get("duress")), "delete_error": action == "delete"},
    )


@require_http_methods(["GET", "POST"])
@with_space
def share(request: HttpRequest, opened: services.OpenVault, document: services.Document) -> HttpResponse:
    _plan_only(document)
    created = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            with contextlib.suppress(ValueError):
                services.share_revoke(opened, int(request.POST.get("share", "")))
            return redirect("survivor:share")
        if request.POST.get("action") == "create" and document["plan"].get("situation"):
            include_people = request.POST.get("include_people") == "yes"
            created = services.format_share_code(services.share_create(opened, include_people=include_people))
            document = services.vault_read(opened) or document
    return _render(
        request,
        "survivor/share.html",
        {"created": created, "shares": share_statuses(document), "planned": bool(document["plan"].get("situation"))},
    )
