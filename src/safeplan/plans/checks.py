"""Start-up check: every code the content uses has words to show in a plan."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core import checks

from safeplan.content.measures import ACTORS, CIRCUMSTANCE_FLAGS, PLAN_PARTS, SITUATIONS
from safeplan.plans import labels
from safeplan.plans.plandata import STATUSES


def missing_labels() -> list[str]:
    """Return each code that has no label, as "kind: code"."""
    wanted: dict[str, tuple[tuple[str, ...], Mapping[str, Any]]] = {
        "actor": (ACTORS, labels.ACTOR_LABELS),
        "plan part": (PLAN_PARTS, labels.PART_LABELS),
        "circumstances question": (CIRCUMSTANCE_FLAGS, labels.QUESTIONS),
        "situation": (SITUATIONS, labels.SITUATION_LABELS),
        "status": (STATUSES, labels.STATUS_LABELS),
        "short status": (STATUSES, labels.STATUS_SHORT),
    }
    return [f"{kind}: {code}" for kind, (codes, table) in wanted.items() for code in codes if code not in table]


def check_labels(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Error(f"no label for {missing}", hint="add it to safeplan/plans/labels.py", id="safeplan.plans.E001")
        for missing in missing_labels()
    ]


def register() -> None:
    checks.register(check_labels)
