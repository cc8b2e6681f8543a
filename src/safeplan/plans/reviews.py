"""Where the plans app meets the timeline's plan review obligations.

Trigger events (a release, bail, a breach ...) give the case a "review_plan" obligation in
``safeplan.timeline``; saving a new plan version answers it
(``safeplan.timeline.services.obligations_answer``). This module turns those obligations
into the rows the plan pages show.
"""

from __future__ import annotations

from typing import Any

from safeplan.cases.models import Case
from safeplan.plans.models import SafetyPlanVersion
from safeplan.timeline.models import Obligation
from safeplan.timeline.selectors import answered_obligations, open_obligations


def _review_row(obligation: Obligation) -> dict[str, Any]:
    event = obligation.event
    # Only events ask for plan reviews (risk assessments ask for risk reviews and decisions).
    assert event is not None
    return {
        "due_at": obligation.due_at,
        "done_at": obligation.done_at,
        "event_label": event.event_type.label,
        "event_occurred_at": event.occurred_at,
    }


def open_reviews(case: Case) -> list[dict[str, Any]]:
    """Return the case's open plan reviews: when each is due, and the event that asked for it."""
    return [_review_row(obligation) for obligation in open_obligations(case, kind=Obligation.Kind.REVIEW_PLAN)]


def answered_reviews(version: SafetyPlanVersion) -> list[dict[str, Any]]:
    """Return the plan reviews that this version answered."""
    return [
        _review_row(obligation)
        for obligation in answered_obligations(Obligation.Kind.REVIEW_PLAN, answer_id=version.pk)
    ]
