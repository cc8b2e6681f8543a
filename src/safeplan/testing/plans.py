"""Safety plans for tests, made through the real services, and the addresses of the plan pages.

from safeplan.testing.plans import saved_version
version = saved_version(world.case, world.alice)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.content.measures import CIRCUMSTANCE_FLAGS
from safeplan.plans import selectors, services
from safeplan.plans.models import SafetyPlanVersion
from safeplan.plans.plandata import ItemChoice, Parts

COPING = "I keep my phone charged and go to my sister's when he drinks."


def answers(**yes: bool) -> dict[str, str]:
    """Return circumstances answers: "no" to everything except the flags given (True "yes", False "no")."""
    return {name: ("yes" if yes.get(name) else "no") for name in CIRCUMSTANCE_FLAGS}


def saved_version(
    case: Case,
    actor: User,
    *,
    situation: str = "after_separation",
    flags: dict[str, bool] | None = None,
    choices: dict[str, str] | None = None,
    parts: Parts | None = None,
    coping: str = COPING,
    reason: str | None = None,
    notes: dict[str, str] | None = None,
    **extra: Any,
) -> SafetyPlanVersion:
    """Build a plan through the draft services and save it as the case's next version."""
    services.draft_record_coping(
        actor=actor, case=case, version=selectors.draft_version(case), coping_strategies=coping, none_yet=not coping
    )
    services.draft_record_circumstances(
        actor=actor,
        case=case,
        version=selectors.draft_version(case),
        situation=situation,
        answers=answers(**(flags or {})),
    )
    chosen = choices if choices is not None else {"call_999": "will_do", "code_word": "already_doing"}
    services.draft_record_choices(
        actor=actor,
        case=case,
        version=selectors.draft_version(case),
        choices={
            mid: ItemChoice(measure_id=mid, status=status, actor="victim", note=(notes or {}).get(mid, ""))  # type: ignore[arg-type]
            for mid, status in chosen.items()
        },
    )
    if parts is not None:
        services.draft_record_parts(actor=actor, case=case, version=selectors.draft_version(case), parts=parts)
    first = not SafetyPlanVersion.objects.filter(plan__case=case).exists()
    return services.version_save(
        actor=actor,
        case=case,
        version=selectors.draft_version(case),
        reason=reason or ("first" if first else "scheduled"),
        next_review_on=timezone.localdate() + timedelta(days=90),
        **extra,
    )


def version_ids_for(world: Any) -> tuple[int, int]:
    """Return the ids of two versions of the world's case plan, made once per world (for the access matrix)."""
    cached = world.__dict__.get("_plan_version_ids")
    if cached is None:
        first = saved_version(world.case, world.alice)
        second = saved_version(world.case, world.alice, choices={"call_999": "already_doing"})
        cached = (first.pk, second.pk)
        world.__dict__["_plan_version_ids"] = cached
    return cached


def plan_url(world: Any, tail: str = "") -> str:
    """Return the address of a page of the world's case plan."""
    return f"/cases/{world.case.pk}/plan/{tail}"
