"""Risk assessments for tests with a chosen number of yes answers, made through the real service.

from safeplan.testing.risk import make_assessment
make_assessment(world.case, world.alice, yes=15)
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.domain.risk import instrument_factor_ids
from safeplan.risk.models import Assessment
from safeplan.risk.services import assessment_create

if TYPE_CHECKING:
    from safeplan.personas import World


def answers_with(instrument_id: str = "ric", *, yes: int = 0, fill: str = "no") -> dict[str, str]:
    """Return a complete set of answers: the first `yes` factors yes, the rest `fill`."""
    ids = instrument_factor_ids(instrument_id)
    return {factor_id: "yes" if index < yes else fill for index, factor_id in enumerate(ids)}


def make_assessment(
    case: Case,
    actor: User,
    *,
    instrument_id: str = "ric",
    yes: int = 0,
    answers: dict[str, str] | None = None,
    at: datetime | None = None,
    incidents: int = 0,
    last_marac_referral: date | None = None,
    today: date | None = None,
    **extra: Any,
) -> Assessment:
    """Make an assessment through services.assessment_create; `at` back-dates it (for history tests)."""
    assessment = assessment_create(
        actor=actor,
        case=case,
        instrument_id=instrument_id,
        answers=answers if answers is not None else answers_with(instrument_id, yes=yes),
        victim_view=extra.pop("victim_view", "not_sure"),
        trigger=extra.pop("trigger", "initial"),
        incidents_last_12_months=incidents,
        last_marac_referral=last_marac_referral,
        today=timezone.localdate(at) if at is not None else today,
        completed_at=at,
        **extra,
    )
    return assessment


def world_assessment(world: World) -> Assessment:
    """Return the one assessment of the world's case used by the shared access tests, making it once."""
    cached: Assessment | None = getattr(world, "_risk_assessment", None)
    if cached is None:
        cached = make_assessment(world.case, world.alice, yes=15)
        world._risk_assessment = cached  # type: ignore[attr-defined]
    return cached


def panel_html(case: Case, user: User) -> str:
    """Return the risk panel of the case page as the user would see it, rendered on its own."""
    from django.template.loader import render_to_string

    from safeplan.risk.panel import risk_panel_context

    return render_to_string(
        "risk/_case_panel.html", {"case": case, "user": user, "panel": risk_panel_context(case, user)}
    )
