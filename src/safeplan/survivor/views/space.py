"""Pages inside a survivor space: home, plan, emergency bag, lists, settings and sharing."""

from __future__ import annotations

import contextlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.content.measures import knowledge_base
from safeplan.domain.tailoring import Circumstances, Situation, Suggestion, suggest
from safeplan.plans.plandata import bag_measures
from safeplan.survivor import drafts, forms, services, session
from safeplan.survivor.document import KIND_NOTES, KIND_PLAN, Document, NotesSpace, PlanSpace, new_item
from safeplan.survivor.selectors import share_statuses
from safeplan.survivor.views.base import (
    SLOT_TITLES,
    OtherKind,
    after_post,
    plan_only,
    pop_shown,
    render_page,
    with_space,
)

# How a saved answer is shown again on the questions page (None is "not sure").
ANSWER_WORDS: dict[bool | None, str] = {True: "yes", False: "no", None: "unsure"}

# The lists a space keeps: which kind of space has them, their heading and their form.
LISTS: dict[str, dict[str, Any]] = {
    "contacts": {
        "kind": KIND_PLAN,
        "title": gettext_lazy("People to contact"),
        "form": forms.ContactForm,
        "draft": "contacts",
        "slot": 1,
    },
    "code_words": {
        "kind": KIND_PLAN,
        "title": gettext_lazy("Code words"),
        "form": forms.CodeWordForm,
        "draft": "phrases",
        "slot": 2,
    },
    "shopping": {"kind": KIND_NOTES, "title": gettext_lazy("Shopping list"), "form": forms.NoteForm, "slot": 1},
    "recipes": {"kind": KIND_NOTES, "title": gettext_lazy("Recipes"), "form": forms.NoteForm, "slot": 2},
    "todo": {"kind": KIND_NOTES, "title": gettext_lazy("To do"), "form": forms.NoteForm, "slot": 3},
}
# A list's path is its slot number (/s/l/1/), the same numbers in both kinds of space, and its
# title is the slot's (base.SLOT_TITLES), whichever kind of space answers.
LIST_SLOTS = sorted({spec["slot"] for spec in LISTS.values()})


@require_safe
@with_space
def home(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    return home_page(request, document)


def home_page(request: HttpRequest, document: Document, title: str = "") -> HttpResponse:
    """Render the space's home (under another page's title when it answers for an address its kind lacks)."""
    if isinstance(document, NotesSpace):
        lists = [
            (LISTS[name]["slot"], LISTS[name]["title"], len(document.lists.named(name)))
            for name in document.lists.names()
        ]
        context: dict[str, Any] = {"lists": lists}
        template = "survivor/notes_home.html"
    else:
        context = {
            "planned": document.plan.situation is not None,
            "chosen_count": len(document.plan.chosen),
            "drafts": sorted(document.drafts),
        }
        template = "survivor/home.html"
    if title:
        context["page_title"] = title
    return render_page(request, template, context)


@require_http_methods(["GET", "POST"])
@with_space
def plan(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    saved = plan_only(document).plan
    initial: dict[str, str] = {}
    if saved.situation:
        initial["situation"] = saved.situation
        for name, value in saved.answers.items():
            initial[name] = ANSWER_WORDS[value]
    form = forms.PlanQuestionsForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        answers = form.answers()
        situation = form.cleaned_data["situation"]

        def change(document: PlanSpace) -> None:
            document.plan.situation = situation
            document.plan.answers = answers

        services.plan_update(opened, change)
        return redirect("survivor:choose")
    return render_page(request, "survivor/plan.html", {"form": form})


def _suggestions(situation: Situation, answers: dict[str, bool | None]) -> list[Suggestion]:
    return suggest(knowledge_base().measures, Circumstances.from_answers(situation, answers))


@require_http_methods(["GET", "POST"])
@with_space
def choose(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    space = plan_only(document)
    if not space.plan.situation:
        return redirect("survivor:plan")
    suggestions = _suggestions(space.plan.situation, space.plan.answers)
    choices = [(suggestion.measure.id, str(suggestion.measure.title)) for suggestion in suggestions]
    form = forms.ChoicesForm(
        request.POST if request.method == "POST" else None, choices=choices, initial={"chosen": space.plan.chosen}
    )
    if form.is_valid():
        chosen = form.cleaned_data["chosen"]

        def change(document: PlanSpace) -> None:
            document.plan.chosen = chosen

        services.plan_update(opened, change)
        return redirect("survivor:readback")
    picked = set(form["chosen"].value() or [])
    context = {"form": form, "suggestions": suggestions, "groups": grouped(suggestions), "chosen": picked}
    return render_page(request, "survivor/choose.html", context)


# Headings of the choice page's groups, by the measures' plan part.
PART_HEADINGS = {
    "safe_rooms_and_escape": gettext_lazy("If you need to get out or get help fast"),
    "contacts_and_code_words": gettext_lazy("People, numbers and code words"),
    "emergency_bag": gettext_lazy("An emergency bag"),
    "safe_places_and_people": gettext_lazy("Safe places and people"),
    "children": gettext_lazy("Your children"),
    "child_contact_handover": gettext_lazy("When the children see the other person"),
    "home_security": gettext_lazy("Your home"),
    "technology": gettext_lazy("Phones, accounts and devices"),
    "general": gettext_lazy("Other things that can help"),
}


def grouped(suggestions: list[Suggestion]) -> list[tuple[str, list[Suggestion]]]:
    """Return the suggestions in groups by plan part, in the order the engine ranks them (emergency first).

    Within a group, the ones written for her circumstances (those that apply only when something
    she said is true) come before the general ones.
    """
    groups: dict[str, list[Suggestion]] = {}
    for suggestion in suggestions:
        groups.setdefault(suggestion.measure.plan_part, []).append(suggestion)
    return [
        (str(PART_HEADINGS.get(part, part)), sorted(items, key=lambda item: not item.measure.applies_when))
        for part, items in groups.items()
    ]


@require_http_methods(["GET", "POST"])
@with_space
def readback(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    """Her plan read back: what she chose, with the cautions that apply to her, and her own steps. Printable."""
    space = plan_only(document)
    if not space.plan.situation:
        return redirect("survivor:plan")
    form = forms.OwnStepForm(request.POST if request.method == "POST" and request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            step_id = request.POST.get("item", "")
            plan_update_own(opened, lambda own: [item for item in own if item.id != step_id])
            return redirect("survivor:readback")
        if form.is_valid():
            step = new_item(form.cleaned_data["text"])
            plan_update_own(opened, lambda own: [*own, step])
            return redirect("survivor:readback")
    by_id = {suggestion.measure.id: suggestion for suggestion in _suggestions(space.plan.situation, space.plan.answers)}
    # Every measure she chose, with the cautions for her answers (one no longer suggested still shows).
    others = {measure.id: measure for measure in knowledge_base().measures}
    chosen: list[tuple[Any, tuple[Any, ...]]] = []
    for measure_id in space.plan.chosen:
        if measure_id in by_id:
            chosen.append((by_id[measure_id].measure, by_id[measure_id].cautions_that_apply))
        elif measure_id in others:
            chosen.append((others[measure_id], ()))
    context = {"chosen": chosen, "own": space.plan.own, "form": form}
    return render_page(request, "survivor/readback.html", context)


def plan_update_own(opened: services.OpenVault, change: Any) -> None:
    """Replace her own steps with ``change(steps)``."""

    def apply(document: PlanSpace) -> None:
        document.plan.own = change(list(document.plan.own))

    services.plan_update(opened, apply)


@require_http_methods(["GET", "POST"])
@with_space
def bag(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    space = plan_only(document)
    items = bag_measures()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    own_form = forms.OwnBagItemForm(request.POST if action == "add" else None)
    if action == "remove":
        item_id = request.POST.get("item", "")

        def remove(document: PlanSpace) -> None:
            document.bag_own = [item for item in document.bag_own if item.id != item_id]

        services.plan_update(opened, remove)
        return after_post(request, "survivor:bag")
    if action == "add" and own_form.is_valid():
        item = new_item(own_form.cleaned_data["text"])
        services.plan_update(opened, lambda document: document.bag_own.append(item))
        return after_post(request, "survivor:bag", saved=True)
    form = forms.BagForm(
        request.POST if request.method == "POST" and not action else None,
        choices=[(measure.id, str(measure.title)) for measure in items],
        initial={"packed": space.bag},
    )
    if form.is_valid():
        packed = form.cleaned_data["packed"]

        def change(document: PlanSpace) -> None:
            document.bag = packed

        services.plan_update(opened, change)
        return after_post(request, "survivor:bag", saved=True)
    saved = bool(pop_shown(request).get("saved")) if request.method == "GET" else False
    packed_now = set(form["packed"].value() or [])
    context = {
        "form": form,
        "items": items,
        "packed": packed_now,
        "saved": saved,
        "own": space.bag_own,
        "own_form": own_form,
    }
    return render_page(request, "survivor/bag.html", context)


def _list_named(document: Document, slot: int) -> tuple[str, dict[str, Any]]:
    """Return the name and spec of the list in this slot of this kind of space (OtherKind if it has none)."""
    for name, spec in LISTS.items():
        if spec["slot"] == slot and spec["kind"] == document.kind:
            return name, spec
    raise OtherKind


@require_http_methods(["GET", "POST"])
@with_space
def list_page(request: HttpRequest, opened: services.OpenVault, document: Document, slot: int) -> HttpResponse:
    name, spec = _list_named(document, slot)
    draft = spec.get("draft", "")
    posted = request.method == "POST"
    if posted and draft and request.POST.get("action") == "discard":
        drafts.draft_clear(opened, plan_only(document), draft)
        return redirect("survivor:list", slot=slot)
    kept = drafts.initial(document, draft) if draft and not posted and isinstance(document, PlanSpace) else None
    form = spec["form"](request.POST if posted else None, initial=kept)
    if form.is_valid():
        fields = {key: str(value) for key, value in form.cleaned_data.items() if key != "text"}
        item = new_item(form.cleaned_data["text"], **fields)

        def change(document: Document) -> None:
            document.lists.named(name).append(item)
            if isinstance(document, PlanSpace):
                document.drafts.pop(draft, None)

        services.vault_update(opened, change)
        return redirect("survivor:list", slot=slot)
    context = {
        "slot": slot,
        "title": spec["title"],
        "page_title": SLOT_TITLES[slot],
        "items": document.lists.named(name),
        "form": form,
        "kept": kept is not None,
        "draft": draft,
    }
    return render_page(request, "survivor/list.html", context)


@require_POST
@with_space
def list_remove(request: HttpRequest, opened: services.OpenVault, document: Document, slot: int) -> HttpResponse:
    name, _spec = _list_named(document, slot)
    item_id = request.POST.get("item", "")

    def change(document: Document) -> None:
        document.lists.replace(name, [item for item in document.lists.named(name) if item.id != item_id])

    services.vault_update(opened, change)
    return redirect("survivor:list", slot=slot)


@require_http_methods(["GET", "POST"])
@with_space
def settings_page(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    space = plan_only(document)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "duress":
        session.stash_words(request, services.duress_create(opened), duress=True)
        return redirect("survivor:words")
    if action == "remove_duress":
        services.duress_remove(opened)
        return redirect("survivor:settings")
    if action == "hidden":
        lock = request.POST.get("lock_when_hidden") == "yes"

        def change(document: PlanSpace) -> None:
            document.settings.lock_when_hidden = lock

        services.plan_update(opened, change)
        session.set_locks_when_hidden(request, lock)
        return redirect("survivor:settings")
    if action == "delete" and request.POST.get("confirm") == "yes":
        services.vault_delete(opened)
        response = redirect("survivor:start")
        session.end(request, response)
        return response
    return render_page(
        request,
        "survivor/settings.html",
        {
            "has_duress": space.duress is not None,
            "delete_error": action == "delete",
            "locks_when_hidden": space.settings.lock_when_hidden,
        },
    )


@require_http_methods(["GET", "POST"])
@with_space
def share(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    space = plan_only(document)
    created = pop_shown(request).get("created") if request.method == "GET" else None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            with contextlib.suppress(ValueError):
                services.share_revoke(opened, int(request.POST.get("share", "")))
            return redirect("survivor:share")
        if request.POST.get("action") == "create" and space.plan.situation:
            include_people = request.POST.get("include_people") == "yes"
            include_tech = request.POST.get("include_tech") == "yes"
            created = services.format_share_code(
                services.share_create(opened, include_people=include_people, include_tech=include_tech)
            )
            # Shown once on the page the browser is sent to, never in a page rendered from the POST.
            return after_post(request, "survivor:share", created=created)
    return render_page(
        request,
        "survivor/share.html",
        {
            "created": created,
            "shares": share_statuses(space),
            "planned": bool(space.plan.situation),
            "has_tech": space.tech is not None,
        },
    )
