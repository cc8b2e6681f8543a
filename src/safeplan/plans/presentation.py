"""A saved version arranged for reading: sections in plan order, and the discreet copy's redaction."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from safeplan.content.measures import PLAN_PARTS
from safeplan.content.schema import LocalText
from safeplan.plans import labels
from safeplan.plans.diff import ItemState, PlanDiff
from safeplan.plans.models import SafetyPlanItem, SafetyPlanVersion
from safeplan.plans.plandata import CHILDREN_TEXT_PARTS, HANDOVER_TEXT_PARTS

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# The free-text parts shown in each section of the plan.
PART_TEXTS: dict[str, tuple[str, ...]] = {
    "safe_rooms_and_escape": ("safe_rooms", "escape_routes"),
    "contacts_and_code_words": ("contacts", "code_words"),
    "emergency_bag": ("bag_notes",),
    "safe_places_and_people": ("safe_places",),
    "children": CHILDREN_TEXT_PARTS,
    "child_contact_handover": HANDOVER_TEXT_PARTS,
    "home_security": (),
    "technology": ("technology_notes",),
    "general": (),
}
TEXT_LABELS: dict[str, StrPromise] = {
    "contacts": _("Emergency contacts"),
    "code_words": _("Code words and signals"),
    "safe_places": _("Safe places and people"),
    "safe_rooms": _("Safe rooms"),
    "escape_routes": _("Escape routes"),
    "bag_notes": _("Where the bag is kept and who has it"),
    "children_what_to_do": _("What the children do if something happens"),
    "children_where_to_go": _("Where the children go"),
    "children_calling_999": _("How the children call 999"),
    "children_school_collection": _("Who may collect the children from school or nursery"),
    "child_contact_handovers": _("Handing over the children for contact"),
    "technology_notes": _("Phones, computers and accounts"),
}
IN_THE_PLAN = ("will_do", "already_doing")
REDACTED = "[…]"


@dataclass(frozen=True)
class ItemView:
    measure_id: str
    title: LocalText
    survivor: LocalText
    professional: LocalText
    status: str
    suggestion: str
    actor: str
    note: str
    due_on: date | None
    cautions: list[dict[str, Any]]

    @property
    def status_label(self) -> str:
        return str(labels.STATUS_SHORT[self.status])

    @property
    def status_label_survivor(self) -> str:
        return str(labels.STATUS_LABELS[self.status])

    @property
    def actor_label(self) -> str:
        return str(labels.ACTOR_LABELS.get(self.actor, ""))

    @property
    def actor_label_survivor(self) -> str:
        return str(labels.ACTOR_LABELS_SURVIVOR.get(self.actor, ""))

    @property
    def suggestion_label(self) -> str:
        return str(labels.SUGGESTION_LABELS.get(self.suggestion, ""))


@dataclass
class Section:
    code: str
    title: str
    items: list[ItemView] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    bag: list[dict[str, Any]] | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.items or self.texts or self.bag)


def redactor(terms: Iterable[str]) -> Callable[[str], str]:
    """Return a function that replaces each term (whole words, any case) with a mark, longest first."""
    words = sorted({term.strip() for term in terms if len(term.strip()) >= 3}, key=len, reverse=True)
    if not words:
        return lambda text: text
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + r")(?!\w)", re.IGNORECASE)
    return lambda text: pattern.sub(REDACTED, text)


def discreet_terms(*, names: Iterable[str], others: Iterable[str]) -> list[str]:
    """Return what a discreet copy leaves out: each full name and each part of it, and the other terms whole."""
    terms = []
    for name in names:
        terms.append(name)
        terms.extend(re.split(r"[\s\-']+", name))
    return [*terms, *others]


def item_view(item: SafetyPlanItem, redact: Callable[[str], str]) -> ItemView:
    return ItemView(
        measure_id=item.measure_id,
        title=item.title_text,
        survivor=item.survivor,
        professional=item.professional,
        status=item.status,
        suggestion=item.suggestion,
        actor=item.actor,
        note=redact(item.owner_note),
        due_on=item.due_on,
        cautions=item.caution_list,
    )


def sections(
    version: SafetyPlanVersion,
    *,
    statuses: Iterable[str] | None = None,
    redact: Callable[[str], str] = lambda text: text,
    typed_text: bool = True,
) -> list[Section]:
    """Return the version's non-empty sections in plan order, with its items (of the given statuses) and parts.

    Without typed_text, what was typed into the plan (its free-text parts and the notes on each step) is left
    out, as the discreet copy needs.
    """
    wanted = set(statuses) if statuses is not None else None
    parts = version.plan_parts()
    result = {code: Section(code, str(labels.PART_LABELS[code])) for code in PLAN_PARTS}
    for item in version.items.all():
        if wanted is None or item.status in wanted:
            view = item_view(item, redact)
            result[item.plan_part].items.append(view if typed_text else replace(view, note=""))
    for code, names in PART_TEXTS.items() if typed_text else ():
        for name in names:
            text = parts.text(name).strip()
            if text:
                result[code].texts.append((str(TEXT_LABELS[name]), redact(text)))
    if parts.bag_wanted or parts.bag_ticked:
        result["emergency_bag"].bag = version.bag_checklist()
    return [section for section in result.values() if not section.is_empty]


def set_aside(version: SafetyPlanVersion) -> list[ItemView]:
    """Return the items the victim put aside: not now, or not safe for them."""
    keep = lambda text: text  # noqa: E731 - the notes are not shown for these
    return [item_view(item, keep) for item in version.items.all() if item.status not in IN_THE_PLAN]


ITEM_FIELD_LABELS: dict[str, StrPromise] = {
    "status": _("Decision"),
    "actor": _("Who"),
    "note": _("What they will do"),
    "due_on": _("By when"),
}
EMPTY = "–"


def _shown(name: str, value: Any) -> str:
    """Return a value of the diff as words."""
    if value in (None, ""):
        return EMPTY
    if name == "status":
        return str(labels.STATUS_SHORT.get(value, value))
    if name == "actor":
        return str(labels.ACTOR_LABELS.get(value, value))
    if name == "situation":
        return str(labels.SITUATION_LABELS.get(value, value))
    if name in labels.QUESTIONS:
        return str(labels.ANSWER_LABELS.get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, date):
        return date_format(value, "j M Y")
    return str(value)


def _item_row(item: ItemState) -> dict[str, Any]:
    return {
        "title": item.title,
        "status": _shown("status", item.status),
        "actor": _shown("actor", item.actor),
        "note": item.note,
        "due_on": _shown("due_on", item.due_on),
    }


def describe_diff(changes: PlanDiff, bag_titles: dict[str, LocalText]) -> dict[str, Any]:
    """Return the diff as rows of words for the page."""
    circumstances = []
    for change in changes.circumstances:
        label = _("Situation") if change.name == "situation" else labels.QUESTIONS[change.name][0]
        circumstances.append((label, _shown(change.name, change.before), _shown(change.name, change.after)))
    bag = [(bag_titles.get(m, m), _("Ticked")) for m in changes.bag_ticked_added]
    bag += [(bag_titles.get(m, m), _("No longer ticked")) for m in changes.bag_ticked_removed]
    return {
        "added": [_item_row(item) for item in changes.added],
        "removed": [_item_row(item) for item in changes.removed],
        "changed": [
            {
                "title": change.after.title,
                "changes": [
                    (ITEM_FIELD_LABELS[c.name], _shown(c.name, c.before), _shown(c.name, c.after))
                    for c in change.changes
                ],
            }
            for change in changes.changed
        ],
        "parts": [(TEXT_LABELS[c.name], _shown(c.name, c.before), _shown(c.name, c.after)) for c in changes.parts],
        "bag_wanted": (
            (_shown("bag_wanted", changes.bag_wanted.before), _shown("bag_wanted", changes.bag_wanted.after))
            if changes.bag_wanted
            else None
        ),
        "bag": bag,
        "coping": (_shown("coping", changes.coping.before), _shown("coping", changes.coping.after))
        if changes.coping
        else None,
        "circumstances": circumstances,
        "next_review": (
            (_shown("next_review_on", changes.next_review.before), _shown("next_review_on", changes.next_review.after))
            if changes.next_review
            else None
        ),
        "is_empty": changes.is_empty,
    }
