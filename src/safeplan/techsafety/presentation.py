"""The checklist as plain text in the reader's language, for the pages of both sides."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from safeplan.content.techcheck import TechCheck
from safeplan.domain.techcheck import Checklist
from safeplan.techsafety.forms import YES_NO_LABELS


@dataclass(frozen=True)
class ShownStep:
    id: str
    number: int
    title: str
    do: str
    may_alert: str
    destroys_evidence: str
    record_first: bool
    urgent: bool
    plan_first: bool


@dataclass(frozen=True)
class ShownAnswer:
    question: str
    answer: str


def shown_steps(checklist: Checklist) -> list[ShownStep]:
    """Return the checklist's steps, numbered, with their text in the current language."""
    language = get_language()
    return [
        ShownStep(
            id=item.step.id,
            number=number,
            title=item.step.title.get(language),
            do=item.step.do.get(language),
            may_alert=item.step.may_alert.get(language) if item.step.may_alert else "",
            destroys_evidence=item.step.destroys_evidence.get(language) if item.step.destroys_evidence else "",
            # Record before changing wherever a change could alert the abuser or lose evidence.
            record_first=item.step.record_first or item.caution != "none",
            urgent=item.step.rank == "urgent",
            plan_first=item.plan_first,
        )
        for number, item in enumerate(checklist.items, start=1)
    ]


def shown_answers(check: TechCheck, answers: dict[str, list[str]]) -> list[ShownAnswer]:
    """Return each question with the answer given, in the current language."""
    language = get_language()
    shown = []
    for question in check.questions:
        values = answers.get(question.id, [])
        if question.kind == "yes_no":
            text = ", ".join(str(YES_NO_LABELS[value]) for value in values)
        else:
            names = {choice.id: choice.text.get(language) for choice in question.choices}
            text = ", ".join(names[value] for value in values if value in names)
        shown.append(ShownAnswer(question.text.get(language), text or "–"))
    return shown


def plan_summary(steps: list[ShownStep], done: set[str] | None = None) -> str:
    """Return the checklist as lines for the safety plan's technology notes (steps in ``done`` marked)."""
    lines = [str(_("Tech safety checklist:"))]
    for step in steps:
        marker = f" ({_('plan this first')})" if step.plan_first else ""
        ticked = f" [{_('done')}]" if done and step.id in done else ""
        lines.append(f"{step.number}. {step.title}{marker}{ticked}")
    return "\n".join(lines)
