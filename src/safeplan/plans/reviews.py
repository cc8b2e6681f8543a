"""The one place where the plans app meets the timeline's plan review obligations.

Trigger events (a release, bail, a breach ...) give the case a "review_plan" obligation in
``safeplan.timeline``. Saving a new plan version answers it. The timeline is another app,
built separately, so it is reached only through this module and only at call time: the
plans app imports, migrates and works whether or not the timeline provides the functions.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps

from safeplan.accounts.models import User
from safeplan.cases.models import Case

REVIEW_KIND = "review_plan"


def _timeline_function(module: str, name: str) -> Any:
    """Return a function of a timeline module, or None if the timeline does not provide it."""
    if importlib.util.find_spec("safeplan.timeline") is None:
        return None
    if importlib.util.find_spec(f"safeplan.timeline.{module}") is None:
        return None
    # Imported only once it is known to exist, so a real error inside it still surfaces.
    return getattr(importlib.import_module(f"safeplan.timeline.{module}"), name, None)


def record_plan_review(*, actor: User, case: Case, version: Any) -> int:
    """Complete the case's open plan review obligations as answered by ``version``; return how many.

    Call it inside the transaction that saves the version, so the version and the answered
    reviews are committed together (the timeline's service records its own audit entry for
    each obligation it completes).

    Each open obligation of kind "review_plan" (``safeplan.timeline.selectors.open_obligations``)
    is completed with ``safeplan.timeline.services.obligation_complete(plan_version_id=...)``,
    which sets its ``answered_by_plan_version_id`` to the version. If the timeline does not
    provide those two functions, nothing happens and 0 is returned: the version is saved all
    the same. The actor needs the same right to edit the case as for saving the version.
    """
    open_obligations = _timeline_function("selectors", "open_obligations")
    complete = _timeline_function("services", "obligation_complete")
    if open_obligations is None or complete is None:
        return 0
    answered = 0
    for obligation in open_obligations(case, kind=REVIEW_KIND):
        complete(actor=actor, obligation=obligation, plan_version_id=version.pk)
        answered += 1
    return answered


def _review_row(obligation: Any) -> dict[str, Any]:
    event = getattr(obligation, "event", None)
    event_type = getattr(event, "event_type", None) if event is not None else None
    return {
        "due_at": getattr(obligation, "due_at", None),
        "done_at": getattr(obligation, "done_at", None),
        "event_label": getattr(event_type, "label", None),
        "event_occurred_at": getattr(event, "occurred_at", None),
    }


def open_reviews(case: Case) -> list[dict[str, Any]]:
    """Return the case's open plan reviews (due, and the event that asked for it); [] without a timeline."""
    open_obligations = _timeline_function("selectors", "open_obligations")
    if open_obligations is None:
        return []
    return [_review_row(obligation) for obligation in open_obligations(case, kind=REVIEW_KIND)]


def answered_reviews(version: Any) -> list[dict[str, Any]]:
    """Return the plan reviews that this version answered; [] without a timeline."""
    try:
        obligation_model = apps.get_model("timeline", "Obligation")
    except LookupError:
        return []
    if not any(field.name == "answered_by_plan_version_id" for field in obligation_model._meta.get_fields()):
        return []
    found = obligation_model.objects.filter(answered_by_plan_version_id=version.pk, kind=REVIEW_KIND)
    return [_review_row(obligation) for obligation in found.select_related("event").order_by("due_at")]
