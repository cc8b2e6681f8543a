"""The guided tech safety check: intake questions and the steps they select (techcheck.yaml).

One file, versioned: a saved check records the version it was answered against, so the
checklist it produced can be shown again exactly (``safeplan.domain.techcheck``).

A step applies when any of its ``when`` clauses holds. A clause is one or more conditions
joined by ``&``: ``always``; a yes/no question's id (it holds for "yes" and for "not sure",
because a step shown needlessly costs a moment and one missing can cost much more); or
``question:choice`` for a question with several choices. Every condition is checked
against the questions at start-up, so a typo cannot silently hide a step.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field, model_validator

from safeplan.content.loader import content_loader, load_model
from safeplan.content.schema import Frozen, Identifier, LocalText, Source

ALWAYS = "always"
YES, NO, UNSURE = "yes", "no", "unsure"
YES_NO_UNSURE = (YES, NO, UNSURE)

# Where a step belongs, in the order the checklist takes them after the urgent ones.
Platform = Literal[
    "general",
    "iphone",
    "android",
    "apple_account",
    "google_account",
    "accounts",
    "social_media",
    "trackers",
    "car",
    "smart_home",
    "wifi",
    "banking",
    "children",
]
PLATFORMS: tuple[str, ...] = get_args(Platform)

# urgent: said first (the abuser may be told where she is, or be her emergency contact);
# record: "record it first", before any change; normal: the rest, by platform.
Rank = Literal["urgent", "record", "normal"]


class Choice(Frozen):
    id: Identifier
    text: LocalText


class Question(Frozen):
    """An intake question: yes / no / not sure, or several choices (tick all that apply)."""

    id: Identifier
    text: LocalText
    hint: LocalText | None = None
    kind: Literal["yes_no", "choices"]
    choices: tuple[Choice, ...] = ()

    @model_validator(mode="after")
    def _choices_match_kind(self) -> Question:
        if (self.kind == "choices") != bool(self.choices):
            raise ValueError(f"question {self.id}: choices are needed for kind 'choices' and only for it")
        return self

    def values(self) -> tuple[str, ...]:
        """Return the answers this question accepts."""
        return tuple(choice.id for choice in self.choices) if self.kind == "choices" else YES_NO_UNSURE


class Step(Frozen):
    """One thing to check or do, in our own words, with what could go wrong if it is done."""

    id: Identifier
    platform: Platform
    rank: Rank = "normal"
    when: Annotated[tuple[str, ...], Field(min_length=1)]
    title: LocalText
    do: LocalText
    # When doing it could alert the abuser (a notification, a lost login, a missing app).
    may_alert: LocalText | None = None
    # When doing it could destroy evidence (a deleted app, a moved tracker, a wiped history).
    destroys_evidence: LocalText | None = None
    # Something was or may be found: offer "record it first" (diary or case incident).
    record_first: bool = False
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]


class TechCheck(Frozen):
    id: Identifier
    version: Annotated[int, Field(ge=1)]
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]
    steps: Annotated[tuple[Step, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> TechCheck:
        questions = {question.id: question for question in self.questions}
        if len(questions) != len(self.questions):
            raise ValueError("question ids must be unique")
        step_ids = [step.id for step in self.steps]
        duplicated = sorted({i for i in step_ids if step_ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"duplicate step ids: {duplicated}")
        for step in self.steps:
            for clause in step.when:
                for condition in conditions_of(clause):
                    problem = _condition_problem(condition, questions)
                    if problem:
                        raise ValueError(f"step {step.id}: {problem}")
        return self

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


def conditions_of(clause: str) -> list[str]:
    """Return the conditions of a ``when`` clause ("a & b:c" gives ["a", "b:c"])."""
    return [part.strip() for part in clause.split("&")]


def _condition_problem(condition: str, questions: dict[str, Question]) -> str:
    if condition == ALWAYS:
        return ""
    name, _, value = condition.partition(":")
    question = questions.get(name)
    if question is None:
        return f"condition {condition!r} names no question"
    if question.kind == "yes_no" and value:
        return f"condition {condition!r}: a yes/no question is named without a value"
    if question.kind == "choices" and value not in question.values():
        return f"condition {condition!r}: {name} has no choice {value!r}"
    return ""


@content_loader("techcheck")
def tech_check() -> TechCheck:
    """Return the tech safety check."""
    return load_model(TechCheck, "techcheck.yaml")
