"""The knowledge base of safety-planning measures, written from the guidance (measures/*.yaml).

Each measure says what to do in the survivor's words and in the professional's, in which
situations it applies, and when the usual advice could raise the risk for this victim
(``cautions``). Tailoring to a victim's circumstances is pure logic in
``safeplan.domain.tailoring``; this module only loads and checks the data.

A condition (in ``applies_when`` and in a caution's ``when``) names one fact about the
victim's circumstances: a yes/no field of ``safeplan.domain.tailoring.Circumstances``, one
of the situations, or ``shares_home_with_abuser`` (living with the abuser, or planning to
leave while still living with them). A list of conditions holds when all of them hold.
The vocabulary is defined here, so that a typo fails the start-up check;
``safeplan.domain.tailoring`` refuses to import if its fields drift from it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from safeplan.content import guidance_index
from safeplan.content.loader import CONTENT_DIR, ContentError, content_loader, load_model
from safeplan.content.schema import Frozen, Identifier, LocalText, Source

MEASURES_FOLDER = "measures"

SITUATIONS = ("living_with_abuser", "planning_to_leave", "after_separation")
ANY_SITUATION = "any"

TOPICS = (
    "emergency",
    "home",
    "children",
    "technology",
    "social_media",
    "money",
    "documents",
    "health",
    "legal",
    "work_and_school",
    "travel",
    "stalking",
    "support",
)

ACTORS = (
    "victim",
    "idva",
    "police",
    "housing",
    "school",
    "employer",
    "gp",
    "friends_family",
    "court",
    "fire_service",
)

# In the order a plan shows them.
PLAN_PARTS = (
    "safe_rooms_and_escape",
    "contacts_and_code_words",
    "emergency_bag",
    "safe_places_and_people",
    "children",
    "child_contact_handover",
    "home_security",
    "technology",
    "general",
)

# The yes/no facts about a victim's circumstances that content may refer to. Each is a
# field of safeplan.domain.tailoring.Circumstances with the same name.
CIRCUMSTANCE_FLAGS = (
    "has_children",
    "child_contact_arrangements",
    "abuser_has_device_access",
    "abuser_checks_accounts",
    "abuser_controls_money",
    "uses_abuser_messages_to_know_movements",
    "neighbours_or_family_may_side_with_abuser",
    "neighbours_knowing_would_expose_victim",
    "works",
    "has_car_or_satnav",
    "smart_devices_set_up_by_abuser",
    "weapons_used_or_available",
    "arson_risk",
    "disability_or_health_needs",
    "immigration_status_worries",
    "socially_isolated",
    "victim_aged_16_or_17",
)
SHARES_HOME = "shares_home_with_abuser"
CONDITIONS = (*CIRCUMSTANCE_FLAGS, *SITUATIONS, SHARES_HOME)

# Measures for these parts only make sense for a parent.
CHILDREN_PARTS = ("children", "child_contact_handover")
CHILDREN_CONDITIONS = ("has_children", "child_contact_arrangements")

Severity = Literal["warn", "not_safe"]


def _as_tuple(value: object) -> object:
    """Accept a single condition name where a list is expected."""
    return (value,) if isinstance(value, str) else value


def _check_names(value: tuple[str, ...], allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    unknown = [name for name in value if name not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {unknown}; use {list(allowed)}")
    duplicated = sorted({name for name in value if value.count(name) > 1})
    if duplicated:
        raise ValueError(f"{what} listed twice: {duplicated}")
    return value


Conditions = Annotated[tuple[str, ...], BeforeValidator(_as_tuple)]


class Caution(Frozen):
    """Where the measure's usual advice could raise the risk for this victim."""

    when: Conditions
    reason: LocalText
    severity: Severity

    @field_validator("when")
    @classmethod
    def _known_conditions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("a caution needs at least one condition")
        return _check_names(value, CONDITIONS, "condition(s)")


class Measure(Frozen):
    """One safety-planning measure."""

    id: Identifier
    title: LocalText
    survivor: LocalText
    professional: LocalText
    situations: tuple[str, ...]
    topics: tuple[str, ...]
    actors: tuple[str, ...]
    plan_part: str
    applies_when: Conditions = ()
    cautions: tuple[Caution, ...] = ()
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]

    @field_validator("situations")
    @classmethod
    def _known_situations(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("situations must not be empty")
        _check_names(value, (*SITUATIONS, ANY_SITUATION), "situation(s)")
        if ANY_SITUATION in value and len(value) > 1:
            raise ValueError(f"'{ANY_SITUATION}' stands alone")
        return value

    @field_validator("topics")
    @classmethod
    def _known_topics(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("topics must not be empty")
        return _check_names(value, TOPICS, "topic(s)")

    @field_validator("actors")
    @classmethod
    def _known_actors(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("actors must not be empty")
        return _check_names(value, ACTORS, "actor(s)")

    @field_validator("plan_part")
    @classmethod
    def _known_plan_part(cls, value: str) -> str:
        if value not in PLAN_PARTS:
            raise ValueError(f"unknown plan_part {value!r}; use {list(PLAN_PARTS)}")
        return value

    @field_validator("applies_when")
    @classmethod
    def _known_conditions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _check_names(value, CONDITIONS, "condition(s)")

    @model_validator(mode="after")
    def _children_only_for_parents(self) -> Measure:
        about_children = self.plan_part in CHILDREN_PARTS or "children" in self.topics
        if about_children and not set(self.applies_when) & set(CHILDREN_CONDITIONS):
            raise ValueError(f"a measure about children must apply only when one of {list(CHILDREN_CONDITIONS)}")
        return self


class MeasureFile(Frozen):
    """One file of measures (they are split by topic for people, not for the code)."""

    measures: Annotated[tuple[Measure, ...], Field(min_length=1)]


class KnowledgeBase(Frozen):
    """Every measure, in file order (files sorted by name)."""

    measures: tuple[Measure, ...]

    def by_id(self, measure_id: str) -> Measure:
        """Return the measure with this id."""
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise KeyError(measure_id)

    def ids(self) -> tuple[str, ...]:
        """Return every measure id."""
        return tuple(measure.id for measure in self.measures)


def unresolved_sources(measures: tuple[Measure, ...]) -> list[str]:
    """Return a description of every citation that names no unit of the guidance."""
    problems = []
    for measure in measures:
        for source in measure.sources:
            if not guidance_index.resolve(source.doc, source.section, source.item):
                item = "" if source.item is None else f" item {source.item}"
                problems.append(f'{measure.id}: {source.doc} "{source.section}"{item}')
    return problems


def load_files(folder: Path) -> KnowledgeBase:
    """Return the measures of every YAML file in a folder under the content folder, checked together."""
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise ContentError(f"{folder.name}: no measure files")
    measures: list[Measure] = []
    for path in files:
        # Named relative to the content folder in messages; a test's folder elsewhere is named in full.
        relative = path.relative_to(CONTENT_DIR) if path.is_relative_to(CONTENT_DIR) else path
        measures.extend(load_model(MeasureFile, relative).measures)
    duplicated = sorted(i for i, count in Counter(m.id for m in measures).items() if count > 1)
    if duplicated:
        raise ContentError(f"{folder.name}: duplicate measure ids: {duplicated}")
    unresolved = unresolved_sources(tuple(measures))
    if unresolved:
        raise ContentError(f"{folder.name}: sources that name nothing in the guidance: {'; '.join(unresolved)}")
    return KnowledgeBase(measures=tuple(measures))


@content_loader("measures")
def knowledge_base() -> KnowledgeBase:
    """Return the knowledge base of safety-planning measures."""
    return load_files(CONTENT_DIR / MEASURES_FOLDER)
