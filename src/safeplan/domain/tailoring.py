"""Tailor the knowledge base of measures to one victim's circumstances.

The guidance asks for safety planning "tailored to meet the needs of the victim" and warns
that some standard advice can raise the risk (002, "Safety planning should be formulated
to:", item 4; "If you are staying with your abuser:", item 8). So a measure whose caution
applies is never suggested silently: it comes back with the caution, as
"suggested_with_caution" or, for a contraindication, "not_safe", so that the professional
and the victim can talk it through.

When the victim or professional does not know the answer to a question, record it as yes
(``Circumstances.from_answers`` does this): a caution that shows needlessly costs a moment,
one that is missing can cost a life.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from safeplan.content.measures import (
    ANY_SITUATION,
    CIRCUMSTANCE_FLAGS,
    CONDITIONS,
    PLAN_PARTS,
    SHARES_HOME,
    SITUATIONS,
    Caution,
    Measure,
)

Situation = Literal["living_with_abuser", "planning_to_leave", "after_separation"]
Status = Literal["suggested", "suggested_with_caution", "not_safe"]

# planning_to_leave means preparing to leave while still living with the abuser, as in the
# guidance's example plan of that name (002, "If you are planning to leave:").
SHARES_HOME_SITUATIONS = ("living_with_abuser", "planning_to_leave")


@dataclass(frozen=True, kw_only=True)
class Circumstances:
    """What the plan needs to know about the victim's situation. Every answer is explicit."""

    situation: Situation
    has_children: bool
    # The children spend time with the abuser (contact visits, handovers).
    child_contact_arrangements: bool
    # The abuser can see or use the victim's phone, tablet or computer.
    abuser_has_device_access: bool
    # The abuser checks the victim's accounts (email, social media, banking) as part of control.
    abuser_checks_accounts: bool
    # The abuser controls or watches the victim's money.
    abuser_controls_money: bool
    # The victim reads the abuser's messages to know when they are angry or coming.
    uses_abuser_messages_to_know_movements: bool
    # Neighbours or family may be involved with the abuser or pass things on to them.
    neighbours_or_family_may_side_with_abuser: bool
    # Neighbours learning of the abuse would expose the victim to other harm (e.g. outing them).
    neighbours_knowing_would_expose_victim: bool
    works: bool
    # There is a car or satnav the victim uses or the abuser can check.
    has_car_or_satnav: bool
    # Smart home devices (doorbell, camera, speaker ...) were set up by the abuser.
    smart_devices_set_up_by_abuser: bool
    # The abuser has used weapons, or there are weapons to hand at home.
    weapons_used_or_available: bool
    # The abuser has threatened or attempted to set fire to the home.
    arson_risk: bool
    disability_or_health_needs: bool
    immigration_status_worries: bool
    # The victim is socially isolated, or in a community where contacting police is hard.
    socially_isolated: bool
    victim_aged_16_or_17: bool

    def __post_init__(self) -> None:
        if self.situation not in SITUATIONS:
            raise ValueError(f"unknown situation {self.situation!r}; use {list(SITUATIONS)}")
        for name in CIRCUMSTANCE_FLAGS:
            # A string such as "no" would be truthy: refuse anything but a real bool.
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be True or False, not {getattr(self, name)!r}")
        if self.child_contact_arrangements and not self.has_children:
            raise ValueError("child_contact_arrangements needs has_children")

    @classmethod
    def from_answers(cls, situation: Situation, answers: Mapping[str, bool | None]) -> Circumstances:
        """Return circumstances from yes/no answers, counting a missing or 'not sure' (None) answer as yes."""
        unknown = set(answers) - set(CIRCUMSTANCE_FLAGS)
        if unknown:
            raise ValueError(f"unknown circumstances {sorted(unknown)}")
        flags = {name: answers.get(name) is not False for name in CIRCUMSTANCE_FLAGS}
        if answers.get("has_children") is False:
            flags["child_contact_arrangements"] = False
        return cls(situation=situation, **flags)

    def holds(self, condition: str) -> bool:
        """Return True if a condition named in the content holds for these circumstances."""
        if condition in CIRCUMSTANCE_FLAGS:
            return bool(getattr(self, condition))
        if condition in SITUATIONS:
            return self.situation == condition
        if condition == SHARES_HOME:
            return self.situation in SHARES_HOME_SITUATIONS
        raise ValueError(f"unknown condition {condition!r}; use {list(CONDITIONS)}")

    def all_hold(self, conditions: Iterable[str]) -> bool:
        """Return True if every condition holds (True for none)."""
        return all(self.holds(condition) for condition in conditions)


# The content names conditions; fail at import, and so at start-up, if the two drift apart.
_DRIFT = ({field.name for field in dataclasses.fields(Circumstances)} - {"situation"}) ^ set(CIRCUMSTANCE_FLAGS)
if _DRIFT:  # pragma: no cover - guards an edit, not a run
    raise ImportError(f"Circumstances fields and CIRCUMSTANCE_FLAGS differ: {sorted(_DRIFT)}")


@dataclass(frozen=True)
class Suggestion:
    """A measure offered for the plan, with the cautions that apply to this victim."""

    measure: Measure
    cautions_that_apply: tuple[Caution, ...]
    status: Status


def applies(measure: Measure, circumstances: Circumstances) -> bool:
    """Return True if the measure is relevant to the circumstances (before any caution)."""
    in_situation = ANY_SITUATION in measure.situations or circumstances.situation in measure.situations
    return in_situation and circumstances.all_hold(measure.applies_when)


def status_for(cautions: Iterable[Caution]) -> Status:
    """Return the status a measure gets with these cautions applying."""
    severities = {caution.severity for caution in cautions}
    if "not_safe" in severities:
        return "not_safe"
    if "warn" in severities:
        return "suggested_with_caution"
    return "suggested"


def tailor(measure: Measure, circumstances: Circumstances) -> Suggestion:
    """Return the measure as a suggestion for these circumstances, with the cautions that apply."""
    cautions = tuple(caution for caution in measure.cautions if circumstances.all_hold(caution.when))
    return Suggestion(measure=measure, cautions_that_apply=cautions, status=status_for(cautions))


def suggest(measures: Iterable[Measure], circumstances: Circumstances) -> list[Suggestion]:
    """Return the measures that fit the circumstances: emergency measures first, then by plan part."""
    chosen = [(index, measure) for index, measure in enumerate(measures) if applies(measure, circumstances)]
    chosen.sort(key=lambda pair: ("emergency" not in pair[1].topics, PLAN_PARTS.index(pair[1].plan_part), pair[0]))
    return [tailor(measure, circumstances) for _, measure in chosen]
