"""Turn a draft into what each step of building a plan shows, and into the items of a version.

Tailoring itself (which measures fit, which cautions apply) is ``safeplan.domain.tailoring``;
this module only arranges its answers for the pages and copies the wording into a version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from safeplan.content.measures import PLAN_PARTS, Measure, knowledge_base
from safeplan.domain.tailoring import Circumstances, Suggestion, applies, suggest, tailor
from safeplan.plans.plandata import (
    BAG_PART,
    CHILDREN_TEXT_PARTS,
    HANDOVER_TEXT_PARTS,
    ItemChoice,
    Parts,
    PlanData,
    bag_measures,
)

# A not-safe measure the victim still chooses to do needs a word on how the risk is handled.
RISKY_STATUSES = ("will_do", "already_doing")


@dataclass(frozen=True)
class MeasureRow:
    """One measure on the choices page: the suggestion with its cautions, and what was chosen so far."""

    suggestion: Suggestion
    choice: ItemChoice | None
    # "suggested": fits the circumstances; "kept": in the plan but no longer suggested; "other": shown on request.
    group: str

    @property
    def measure(self) -> Measure:
        return self.suggestion.measure

    @property
    def default_status(self) -> str:
        """Return the status to show before the victim chooses: "not safe for me" for a contraindicated one."""
        if self.choice is not None:
            return self.choice.status
        return "not_safe" if self.suggestion.status == "not_safe" else ""


@dataclass(frozen=True)
class BagRow:
    measure: Measure
    cautions: tuple[Any, ...]
    ticked: bool


def worst_case(situation: str = "living_with_abuser") -> Circumstances:
    """Return circumstances with every answer "not sure": every caution shows until the questions are answered."""
    return Circumstances.from_answers(situation, {})  # type: ignore[arg-type]


def circumstances_of(data: PlanData) -> Circumstances | None:
    return data.circumstances.circumstances() if data.circumstances is not None else None


def children_relevant(data: PlanData, *, case_has_children: bool) -> bool:
    """Return True if the plan needs a children's part: the case has children, or the answers say so (or are unsure)."""
    circumstances = circumstances_of(data)
    return case_has_children or circumstances is None or circumstances.has_children


def handovers_relevant(data: PlanData, *, case_has_children: bool) -> bool:
    """Return True if the plan needs a part about handing children over for contact."""
    circumstances = circumstances_of(data)
    if circumstances is None:
        return case_has_children
    return circumstances.child_contact_arrangements


def _order_key(measure: Measure) -> tuple[bool, int, int]:
    # The order suggest() uses: emergency measures first, then by plan part, then as written.
    return ("emergency" not in measure.topics, PLAN_PARTS.index(measure.plan_part), _kb_index()[measure.id])


def _kb_index() -> dict[str, int]:
    return {measure_id: index for index, measure_id in enumerate(knowledge_base().ids())}


def choosable_measures() -> list[Measure]:
    """Return the measures chosen one by one (the emergency bag is a checklist of its own)."""
    return [measure for measure in knowledge_base().measures if measure.plan_part != BAG_PART]


def measure_rows(data: PlanData, *, show_all: bool = False) -> list[MeasureRow]:
    """Return the rows of the choices page, or [] before the circumstances are known.

    Suggestions come first in the tailoring's order; then measures already chosen that no
    longer fit the answers (so a change of answers never drops a decision silently); then,
    on request, every other measure.
    """
    circumstances = circumstances_of(data)
    if circumstances is None:
        return []
    measures = choosable_measures()
    rows = [
        MeasureRow(suggestion, data.choice(suggestion.measure.id), "suggested")
        for suggestion in suggest(measures, circumstances)
    ]
    shown = {row.measure.id for row in rows}
    kept = [m for m in measures if m.id not in shown and data.choice(m.id) is not None]
    rows += [MeasureRow(tailor(m, circumstances), data.choice(m.id), "kept") for m in kept]
    if show_all:
        shown |= {m.id for m in kept}
        rows += [MeasureRow(tailor(m, circumstances), None, "other") for m in measures if m.id not in shown]
    return rows


def bag_rows(data: PlanData) -> list[BagRow]:
    """Return the emergency bag checklist with the cautions that apply (all of them until the answers are in)."""
    circumstances = circumstances_of(data) or worst_case()
    ticked = set(data.parts.bag_ticked)
    rows = []
    for measure in bag_measures():
        suggestion = tailor(measure, circumstances)
        rows.append(BagRow(measure, suggestion.cautions_that_apply, measure.id in ticked))
    return rows


def risky_choices_without_note(data: PlanData) -> list[Measure]:
    """Return measures not safe in these circumstances that the victim will still do, with nothing said about it."""
    circumstances = circumstances_of(data)
    if circumstances is None:
        return []
    kb = knowledge_base()
    found = []
    for item in data.items:
        measure = kb.by_id(item.measure_id)
        if (
            item.status in RISKY_STATUSES
            and not item.note.strip()
            and tailor(measure, circumstances).status == "not_safe"
        ):
            found.append(measure)
    return found


def problems_before_saving(data: PlanData) -> list[str]:
    """Return why the draft cannot be saved as a version yet (empty if it can)."""
    problems = []
    if not data.coping_recorded:
        problems.append(_("Record what the victim already does to stay safe (step 1)."))
    if data.circumstances is None:
        problems.append(_("Answer the questions about the victim's circumstances (step 2)."))
    for measure in risky_choices_without_note(data):
        problems.append(
            _("“%(title)s” is not safe in these circumstances: say who does what to manage the risk (step 3).")
            % {"title": measure.title.get(None)}
        )
    return problems


def _caution_copy(suggestion: Suggestion) -> list[dict[str, Any]]:
    return [{"severity": c.severity, "reason": dict(c.reason.root)} for c in suggestion.cautions_that_apply]


def version_items(data: PlanData) -> list[dict[str, Any]]:
    """Return the items of a new version: each chosen measure with its wording and cautions copied in."""
    circumstances = circumstances_of(data) or worst_case()
    kb = knowledge_base()
    measures = sorted((kb.by_id(item.measure_id) for item in data.items), key=_order_key)
    items = []
    for position, measure in enumerate(measures, start=1):
        choice = data.choice(measure.id)
        assert choice is not None
        suggestion = tailor(measure, circumstances)
        items.append(
            {
                "position": position,
                "measure_id": measure.id,
                "plan_part": measure.plan_part,
                "topics": list(measure.topics),
                "title": dict(measure.title.root),
                "survivor_text": dict(measure.survivor.root),
                "professional_text": dict(measure.professional.root),
                "suggestion": suggestion.status if applies(measure, circumstances) else "not_suggested",
                "cautions": _caution_copy(suggestion),
                "status": choice.status,
                "actor": choice.actor,
                "owner_note": choice.note.strip(),
                "due_on": choice.due_on,
            }
        )
    return items


def version_parts(data: PlanData, *, case_has_children: bool) -> dict[str, Any]:
    """Return the parts of a new version, with the bag checklist's wording copied in.

    Children's and handover text is kept only when that part applies, so that a part the
    pages no longer show cannot linger in the saved plan.
    """
    parts = data.parts
    drop: dict[str, str] = {}
    if not children_relevant(data, case_has_children=case_has_children):
        drop |= dict.fromkeys(CHILDREN_TEXT_PARTS, "")
    if not handovers_relevant(data, case_has_children=case_has_children):
        drop |= dict.fromkeys(HANDOVER_TEXT_PARTS, "")
    kept = parts.model_copy(update=drop)
    stored: dict[str, Any] = kept.model_dump(mode="json")
    stored["bag"] = [
        {
            "measure_id": row.measure.id,
            "title": dict(row.measure.title.root),
            "survivor": dict(row.measure.survivor.root),
            "cautions": [{"severity": c.severity, "reason": dict(c.reason.root)} for c in row.cautions],
            "ticked": row.ticked,
        }
        for row in bag_rows(data)
    ]
    return stored


def data_from_version(version: Any) -> PlanData:
    """Return a draft that starts from a saved version (for a review), leaving out measures no longer known."""
    known = set(knowledge_base().ids())
    items = [
        ItemChoice(
            measure_id=item.measure_id,
            status=item.status,
            actor=item.actor,
            note=item.owner_note,
            due_on=item.due_on,
        )
        for item in version.items.all()
        if item.measure_id in known
    ]
    parts = version.plan_parts()
    bag_known = {measure.id for measure in bag_measures()}
    parts = parts.model_copy(update={"bag_ticked": tuple(m for m in parts.bag_ticked if m in bag_known)})
    return PlanData(
        coping_recorded=True,
        coping_strategies=version.coping_strategies,
        circumstances=version.circumstances_answers(),
        items=tuple(items),
        parts=parts,
    )


def choice_from_form(measure_id: str, status: str, actor: str, note: str, due_on: date | None) -> ItemChoice | None:
    """Return the choice a row of the form makes, or None for "leave out"."""
    if not status:
        return None
    return ItemChoice(measure_id=measure_id, status=status, actor=actor, note=note.strip(), due_on=due_on)  # type: ignore[arg-type]


def with_parts(data: PlanData, parts: Parts) -> PlanData:
    return data.model_copy(update={"parts": parts})
