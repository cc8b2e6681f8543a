"""How the checklist is shown: every step that could alert the abuser or lose evidence offers "record it first"."""

from __future__ import annotations

from safeplan.content.techcheck import tech_check
from safeplan.domain.techcheck import build_checklist
from safeplan.techsafety.presentation import shown_steps


def test_every_risky_step_offers_record_it_first() -> None:
    everything = {q.id: ("yes" if q.kind == "yes_no" else list(q.values())) for q in tech_check().questions}
    for step in shown_steps(build_checklist(tech_check(), everything)):
        if step.may_alert or step.destroys_evidence:
            assert step.record_first, step.id
