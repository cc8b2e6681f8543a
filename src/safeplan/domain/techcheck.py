"""Turn the answers to the tech safety check's intake questions into one ordered checklist.

Clinics answer the sheer number of tech safety guides with one tailored plan per person;
this is that plan. The order: what says the abuser may know where she is or be called in an
emergency (said first), then "record it first", then the steps by platform.

Every step that could alert the abuser carries its warning, always. When she says the abuser
may notice changes (or is not sure), such a step becomes "plan it first": the checklist says
to plan the change with an adviser, and to record before changing, instead of just doing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from safeplan.content.techcheck import ALWAYS, NO, PLATFORMS, UNSURE, YES, Step, TechCheck, conditions_of

RANK_ORDER = {"urgent": 0, "record": 1, "normal": 2}
NOTICE_QUESTION = "abuser_notices"

Caution = Literal["none", "warn", "plan_first"]
Answers = Mapping[str, str | Iterable[str]]


class AnswerError(ValueError):
    """An answer names an unknown question or a value the question does not accept."""

    def __init__(self, question: str, value: str) -> None:
        super().__init__(f"{question}: {value!r} is not an answer to this question")
        self.question = question
        self.value = value


@dataclass(frozen=True)
class ChecklistItem:
    step: Step
    caution: Caution

    @property
    def plan_first(self) -> bool:
        return self.caution == "plan_first"


@dataclass(frozen=True)
class Checklist:
    items: tuple[ChecklistItem, ...]
    # The abuser may notice changes ("yes" or "not sure"): the checklist opens with that caution.
    abuser_may_notice: bool
    # Something may have been found: offer to record it in the diary or the case's incidents.
    record_offered: bool

    def urgent(self) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.items if item.step.rank == "urgent")


def normalise_answers(check: TechCheck, answers: Answers) -> dict[str, list[str]]:
    """Return the answers as question id -> list of values; raise AnswerError on anything unknown.

    A yes/no question left unanswered counts as "not sure": a warning shown needlessly costs a
    moment, one left out can cost much more.
    """
    questions = {question.id: question for question in check.questions}
    for name in answers:
        if name not in questions:
            raise AnswerError(name, "")
    result: dict[str, list[str]] = {}
    for question in check.questions:
        raw = answers.get(question.id)
        values = [raw] if isinstance(raw, str) else list(raw or [])
        if question.kind == "yes_no":
            values = values or [UNSURE]
            if len(values) != 1:
                raise AnswerError(question.id, ",".join(values))
        for value in values:
            if value not in question.values():
                raise AnswerError(question.id, value)
        result[question.id] = sorted(set(values), key=question.values().index)
    return result


def _holds(condition: str, answers: Mapping[str, list[str]]) -> bool:
    if condition == ALWAYS:
        return True
    name, _, value = condition.partition(":")
    given = answers.get(name, [])
    if value:
        return value in given
    return YES in given or UNSURE in given


def applies(step: Step, answers: Mapping[str, list[str]]) -> bool:
    """Return True if any of the step's clauses holds (every condition of a clause)."""
    return any(all(_holds(condition, answers) for condition in conditions_of(clause)) for clause in step.when)


def build_checklist(check: TechCheck, answers: Answers) -> Checklist:
    """Return the ordered checklist for these answers (validated; see normalise_answers)."""
    given = normalise_answers(check, answers)
    may_notice = given.get(NOTICE_QUESTION, [UNSURE]) != [NO]
    position = {step.id: index for index, step in enumerate(check.steps)}
    chosen = [step for step in check.steps if applies(step, given)]
    chosen.sort(key=lambda step: (RANK_ORDER[step.rank], PLATFORMS.index(step.platform), position[step.id]))
    items = tuple(ChecklistItem(step, _caution(step, may_notice)) for step in chosen)
    return Checklist(
        items=items,
        abuser_may_notice=may_notice,
        record_offered=any(item.step.rank == "record" for item in items),
    )


def _caution(step: Step, may_notice: bool) -> Caution:
    if step.may_alert is None and step.destroys_evidence is None:
        return "none"
    return "plan_first" if may_notice else "warn"
