"""Case event types and their rules: who must tell the victim, by when, and what must be reviewed.

The rules come from the police guidance (002): "Keeping the victim informed" lists the
developments the victim must hear about within one working day, and "Trigger points" lists
the moments that call for a fresh risk assessment and a safety plan review. The same file
holds the withdrawal statement checklist and what to tell a victim about broken bail
conditions. Deadlines themselves are computed in safeplan.domain.deadlines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from safeplan.content.helplines import helplines
from safeplan.content.loader import ContentError, content_loader, load_model
from safeplan.content.schema import Frozen, Identifier, LocalText, Source

WorkingDays = Annotated[int, Field(ge=0, le=60)]
NotifyOwner = Literal["spoc", "witness_care"]
FieldKind = Literal["text", "date", "time", "choice", "yes_no"]


def _duplicates(ids: Sequence[str]) -> list[str]:
    return sorted({i for i in ids if ids.count(i) > 1})


class NotifyRule(Frozen):
    """Who must tell the victim about the event, and within how many working days."""

    # Victims' Code: enhanced rights (victims of domestic abuse) and standard rights.
    working_days_enhanced: WorkingDays
    working_days_standard: WorkingDays
    # "spoc": the victim's single point of contact on the case (police officer or witness care
    # officer); "witness_care": the witness care unit, which always sends trial warnings and
    # hearing outcomes.
    owner: NotifyOwner
    # "information_received": the clock starts when the owner receives the result from the
    # court, as the Code counts it for court outcomes; "event": when the event happened.
    counted_from: Literal["event", "information_received"] = "event"

    @model_validator(mode="after")
    def _enhanced_is_not_slower(self) -> NotifyRule:
        if self.working_days_enhanced > self.working_days_standard:
            raise ValueError("working_days_enhanced must not be more than working_days_standard")
        return self


class Choice(Frozen):
    id: Identifier
    label: LocalText


class EventField(Frozen):
    """A detail recorded with the event, beyond its type and when it happened."""

    id: Identifier
    kind: FieldKind
    label: LocalText
    help: LocalText | None = None
    required: bool = True
    choices: tuple[Choice, ...] = ()

    @model_validator(mode="after")
    def _choices_match_kind(self) -> EventField:
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"field {self.id}: a choice field needs choices")
        if self.kind != "choice" and self.choices:
            raise ValueError(f"field {self.id}: only a choice field has choices")
        duplicated = _duplicates([choice.id for choice in self.choices])
        if duplicated:
            raise ValueError(f"field {self.id}: duplicate choice ids {duplicated}")
        return self


class EventType(Frozen):
    id: Identifier
    label: LocalText
    help: LocalText
    notify: NotifyRule | None
    trigger_point: bool
    reassess_within_working_days: WorkingDays | None = None
    review_plan_within_working_days: WorkingDays | None = None
    # A date field (e.g. a release date) before which every obligation of the event is due.
    due_before: Identifier | None = None
    fields: tuple[EventField, ...] = ()
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> EventType:
        windows = (self.reassess_within_working_days, self.review_plan_within_working_days)
        if self.trigger_point and None in windows:
            raise ValueError(
                f"{self.id}: a trigger point needs reassess_within_working_days and review_plan_within_working_days"
            )
        if not self.trigger_point and windows != (None, None):
            raise ValueError(f"{self.id}: only a trigger point has reassess and review windows")
        duplicated = _duplicates([field.id for field in self.fields])
        if duplicated:
            raise ValueError(f"{self.id}: duplicate field ids {duplicated}")
        if self.due_before is not None:
            kinds = {field.id: field.kind for field in self.fields}
            if kinds.get(self.due_before) != "date":
                raise ValueError(f"{self.id}: due_before must name one of its date fields")
        return self

    def field(self, field_id: str) -> EventField:
        """Return the event's field with the id."""
        for field in self.fields:
            if field.id == field_id:
                return field
        raise KeyError(field_id)


class ChecklistItem(Frozen):
    id: Identifier
    text: LocalText
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]


class Checklist(Frozen):
    title: LocalText
    items: Annotated[tuple[ChecklistItem, ...], Field(min_length=1)]


class WithdrawalGuidance(Frozen):
    """What a withdrawal statement covers, and what the officer's report to the CPS adds."""

    statement: Checklist
    background_report: Checklist


class BreachAdvice(Frozen):
    """What to tell a victim to do if bail conditions are broken, in words for the victim."""

    title: LocalText
    steps: Annotated[tuple[LocalText, ...], Field(min_length=1)]
    # Helpline ids (helplines.yaml) shown with the advice: numbers are data, never text here.
    helplines: tuple[Identifier, ...]
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]


class EventRules(Frozen):
    version: Annotated[int, Field(ge=1)]
    event_types: tuple[EventType, ...]
    withdrawal: WithdrawalGuidance
    bail_breach_advice: BreachAdvice

    @field_validator("event_types")
    @classmethod
    def _unique_ids(cls, value: tuple[EventType, ...]) -> tuple[EventType, ...]:
        duplicated = _duplicates([event.id for event in value])
        if duplicated:
            raise ValueError(f"duplicate event type ids: {duplicated}")
        return value

    @model_validator(mode="after")
    def _unique_checklist_ids(self) -> EventRules:
        items = self.withdrawal.statement.items + self.withdrawal.background_report.items
        duplicated = _duplicates([item.id for item in items])
        if duplicated:
            raise ValueError(f"duplicate withdrawal checklist ids: {duplicated}")
        return self

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(event.id for event in self.event_types)

    def by_id(self, event_type_id: str) -> EventType:
        """Return the event type with the id, or raise KeyError."""
        for event in self.event_types:
            if event.id == event_type_id:
                return event
        raise KeyError(event_type_id)


@content_loader("events")
def event_rules() -> EventRules:
    """Return the case event types and their notification and review rules."""
    rules = load_model(EventRules, "events.yaml")
    known = {helpline.id for helpline in helplines().helplines}
    unknown = sorted(set(rules.bail_breach_advice.helplines) - known)
    if unknown:
        raise ContentError(f"events.yaml: bail_breach_advice.helplines: unknown helpline ids {unknown}")
    return rules
