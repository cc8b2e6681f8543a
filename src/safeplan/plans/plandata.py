"""The shape of a plan's data: a draft being built, and a survivor's shared snapshot, strictly validated.

A draft is kept server-side (encrypted) as ``PlanData`` until it is saved as a version; a
survivor's shared plan arrives as a ``SurvivorSnapshot``. Both are pydantic models that
refuse unknown keys, unknown measure ids, unknown codes and over-long text, so nothing a
form or another app hands over can put the plan in a state the pages cannot show.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from safeplan.content.measures import ACTORS, CIRCUMSTANCE_FLAGS, SITUATIONS, Measure, knowledge_base
from safeplan.domain.tailoring import Circumstances

STATUSES = ("will_do", "already_doing", "not_now", "not_safe")
Status = Literal["will_do", "already_doing", "not_now", "not_safe"]
Answer = Literal["yes", "no", "not_sure"]
ANSWER_VALUES: dict[str, bool | None] = {"yes": True, "no": False, "not_sure": None}

TEXT_LIMIT = 4000
Text = Annotated[str, Field(max_length=TEXT_LIMIT)]
MeasureId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]

# The plan parts kept as free text, in the order a plan shows them.
TEXT_PARTS = (
    "contacts",
    "code_words",
    "safe_places",
    "safe_rooms",
    "escape_routes",
    "bag_notes",
    "children_what_to_do",
    "children_where_to_go",
    "children_calling_999",
    "children_school_collection",
    "child_contact_handovers",
    "technology_notes",
)
CHILDREN_TEXT_PARTS = (
    "children_what_to_do",
    "children_where_to_go",
    "children_calling_999",
    "children_school_collection",
)
HANDOVER_TEXT_PARTS = ("child_contact_handovers",)
BAG_PART = "emergency_bag"


def bag_measures() -> tuple[Measure, ...]:
    """Return the measures of the emergency bag: the checklist of documents and things to pack."""
    return tuple(measure for measure in knowledge_base().measures if measure.plan_part == BAG_PART)


# Validation context for data read back from storage: written under an older knowledge base,
# it may name measures or questions that no longer exist, and must still be readable.
STORED = {"stored": True}


def _stored(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("stored"))


def _known_measure(measure_id: str) -> str:
    if measure_id not in knowledge_base().ids():
        raise ValueError(f"unknown measure {measure_id!r}")
    return measure_id


class Strict(BaseModel):
    """Immutable, no unknown keys, no silent type coercion."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class CircumstancesAnswers(Strict):
    """The situation and the answer to each circumstances question ("not_sure" counts as yes)."""

    situation: str
    answers: dict[str, Answer]

    @field_validator("situation")
    @classmethod
    def _known_situation(cls, value: str) -> str:
        if value not in SITUATIONS:
            raise ValueError(f"unknown situation {value!r}")
        return value

    @field_validator("answers", mode="before")
    @classmethod
    def _forget_old_questions(cls, value: Any, info: ValidationInfo) -> Any:
        if _stored(info) and isinstance(value, dict):
            return {name: answer for name, answer in value.items() if name in CIRCUMSTANCE_FLAGS}
        return value

    @field_validator("answers")
    @classmethod
    def _known_questions(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(CIRCUMSTANCE_FLAGS))
        if unknown:
            raise ValueError(f"unknown circumstances {unknown}")
        return value

    def circumstances(self) -> Circumstances:
        """Return the circumstances, counting a missing or "not sure" answer as yes."""
        values = {name: ANSWER_VALUES[answer] for name, answer in self.answers.items()}
        return Circumstances.from_answers(self.situation, values)  # type: ignore[arg-type]


class ItemChoice(Strict):
    """The victim's decision about one measure, and who does what by when."""

    measure_id: MeasureId
    status: Status
    actor: str = ""
    note: Text = ""
    due_on: Annotated[date | None, Field(strict=False)] = None

    @field_validator("measure_id")
    @classmethod
    def _measure_exists(cls, value: str) -> str:
        return _known_measure(value)

    @field_validator("actor")
    @classmethod
    def _known_actor(cls, value: str) -> str:
        if value and value not in ACTORS:
            raise ValueError(f"unknown actor {value!r}")
        return value


class Parts(Strict):
    """The plan parts that are not measures: the bag checklist and free text agreed with the victim."""

    bag_wanted: bool = False
    bag_ticked: tuple[MeasureId, ...] = ()
    contacts: Text = ""
    code_words: Text = ""
    safe_places: Text = ""
    safe_rooms: Text = ""
    escape_routes: Text = ""
    bag_notes: Text = ""
    children_what_to_do: Text = ""
    children_where_to_go: Text = ""
    children_calling_999: Text = ""
    children_school_collection: Text = ""
    child_contact_handovers: Text = ""
    technology_notes: Text = ""

    @field_validator("bag_ticked", mode="before")
    @classmethod
    def _list_is_fine(cls, value: Any) -> Any:
        # JSON has no tuples: accept the list it gives back.
        return tuple(value) if isinstance(value, list) else value

    @field_validator("bag_ticked")
    @classmethod
    def _bag_measures_only(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if _stored(info):
            return value
        allowed = {measure.id for measure in bag_measures()}
        unknown = [measure_id for measure_id in value if measure_id not in allowed]
        if unknown:
            raise ValueError(f"not emergency bag measures: {unknown}")
        if len(set(value)) != len(value):
            raise ValueError("a bag item is ticked twice")
        return value

    def text(self, name: str) -> str:
        """Return one free-text part."""
        if name not in TEXT_PARTS:
            raise KeyError(name)
        return str(getattr(self, name))

    def is_empty(self) -> bool:
        """Return True if nothing at all is recorded."""
        return not (self.bag_wanted or self.bag_ticked or any(self.text(name).strip() for name in TEXT_PARTS))


def _unique_measures(items: tuple[Any, ...]) -> None:
    seen: set[str] = set()
    for item in items:
        if item.measure_id in seen:
            raise ValueError(f"measure {item.measure_id!r} is listed twice")
        seen.add(item.measure_id)


class PlanData(Strict):
    """A plan being built: step 1 coping strategies, step 2 circumstances, step 3 choices, step 4 parts."""

    coping_recorded: bool = False
    coping_strategies: Text = ""
    circumstances: CircumstancesAnswers | None = None
    items: tuple[ItemChoice, ...] = ()
    parts: Parts = Parts()

    @field_validator("items", mode="before")
    @classmethod
    def _list_is_fine(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    @model_validator(mode="after")
    def _one_choice_per_measure(self) -> PlanData:
        _unique_measures(self.items)
        return self

    def choice(self, measure_id: str) -> ItemChoice | None:
        """Return the choice made about a measure, if any."""
        return next((item for item in self.items if item.measure_id == measure_id), None)

    def stored(self) -> dict[str, Any]:
        """Return the data as plain JSON values, for storage."""
        return self.model_dump(mode="json")

    @classmethod
    def from_stored(cls, value: dict[str, Any] | None) -> PlanData:
        """Return a draft from its stored JSON form, leaving out measures the knowledge base no longer has."""
        value = dict(value or {})
        known = set(knowledge_base().ids())
        value["items"] = [item for item in value.get("items", []) if item.get("measure_id") in known]
        if isinstance(value.get("parts"), dict):
            bag = {measure.id for measure in bag_measures()}
            value["parts"] = {
                **value["parts"],
                "bag_ticked": [m for m in value["parts"].get("bag_ticked", []) if m in bag],
            }
        return cls.model_validate(value, strict=False, context=STORED)


class SnapshotItem(Strict):
    """One measure in a survivor's shared plan."""

    measure_id: MeasureId
    status: Status
    note: Text = ""

    @field_validator("measure_id")
    @classmethod
    def _measure_exists(cls, value: str) -> str:
        return _known_measure(value)


class SnapshotCircumstances(Strict):
    """The survivor's situation and answers, as ``Circumstances.from_answers`` takes them."""

    situation: str
    answers: dict[str, bool | None]

    @field_validator("situation")
    @classmethod
    def _known_situation(cls, value: str) -> str:
        if value not in SITUATIONS:
            raise ValueError(f"unknown situation {value!r}")
        return value

    @field_validator("answers")
    @classmethod
    def _known_questions(cls, value: dict[str, bool | None]) -> dict[str, bool | None]:
        unknown = sorted(set(value) - set(CIRCUMSTANCE_FLAGS))
        if unknown:
            raise ValueError(f"unknown circumstances {unknown}")
        return value

    def as_answers(self) -> CircumstancesAnswers:
        """Return the answers in the form a plan keeps them ("yes", "no", "not_sure")."""
        words = {True: "yes", False: "no", None: "not_sure"}
        return CircumstancesAnswers(
            situation=self.situation,
            answers={name: words[self.answers.get(name)] for name in CIRCUMSTANCE_FLAGS},  # type: ignore[misc]
        )


class SurvivorSnapshot(Strict):
    """A survivor's plan as the survivor space shares it. See ``services.plan_import_from_survivor``."""

    coping_strategies: Text
    circumstances: SnapshotCircumstances
    items: Annotated[tuple[SnapshotItem, ...], Field(max_length=500)]
    parts: Parts = Parts()

    @field_validator("items", mode="before")
    @classmethod
    def _list_is_fine(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    @model_validator(mode="after")
    def _one_item_per_measure(self) -> SurvivorSnapshot:
        _unique_measures(self.items)
        return self
