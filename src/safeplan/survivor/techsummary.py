"""Her tech safety checklist as lines for a shared plan's technology part (only when she chooses to share it)."""

from __future__ import annotations

from safeplan.content.techcheck import tech_check
from safeplan.domain.techcheck import build_checklist
from safeplan.survivor.document import PlanSpace
from safeplan.techsafety import presentation


def tech_summary(document: PlanSpace) -> str:
    """Return the numbered checklist her answers give, with the steps she has ticked marked; "" if none."""
    if document.tech is None:
        return ""
    steps = presentation.shown_steps(build_checklist(tech_check(), document.tech.answers))
    return presentation.plan_summary(steps, done=set(document.tech.done))
