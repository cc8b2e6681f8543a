"""Synthetic risk assessments for the demo cases: a history of grades, some high (safeplan.marac.demo decides on MARAC).

Every answer and word here is invented. Assessments go through the real service
(so they are graded and audited like any other) and are then back-dated.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from safeplan.cases.models import Case
from safeplan.domain.risk import instrument_factor_ids
from safeplan.risk.models import Assessment, Trigger
from safeplan.risk.services import assessment_create

ACCOUNTS = [
    "Synthetic demo text: they are most afraid when he has been drinking at weekends.",
    "Synthetic demo text: worried about the children being collected from school.",
    "Synthetic demo text: he keeps turning up at her work and messaging her friends.",
    "",
]
LATER_TRIGGERS = [
    Trigger.NEW_INCIDENT,
    Trigger.ARREST,
    Trigger.RELEASE,
    Trigger.BAIL_CHANGE,
    Trigger.COURT,
    Trigger.REVIEW,
]


def _answers(rng: random.Random, instrument_id: str, yes: int) -> dict[str, str]:
    ids = instrument_factor_ids(instrument_id)
    chosen = set(rng.sample(ids, min(yes, len(ids))))
    return {f: "yes" if f in chosen else rng.choice(["no", "no", "no", "unknown"]) for f in ids}


def load(seed: int = 20261121) -> int:
    """Give the open demo cases a risk history once; return how many demo assessments exist."""
    demo = Assessment.objects.filter(case__is_demo=True)
    if demo.exists():
        return demo.count()
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    now = timezone.now()
    with transaction.atomic():
        for number, case in enumerate(Case.objects.filter(is_demo=True, status=Case.Status.OPEN).order_by("pk")):
            if number % 5 == 4:
                continue  # some cases have no assessment yet
            actor = case.responsible_officer
            yes = rng.randint(3, 12)
            days_ago = rng.randint(30, 120)
            for step in range(rng.randint(1, 4)):
                yes = max(0, min(24, yes + rng.randint(-2, 5)))
                at = now - timedelta(days=days_ago, hours=rng.randint(0, 8))
                instrument_id = "stalking" if number % 7 == 3 and step == 1 else "ric"
                assessment_create(
                    actor=actor,
                    case=case,
                    instrument_id=instrument_id,
                    answers=_answers(rng, instrument_id, yes if instrument_id == "ric" else yes // 2),
                    victim_view=rng.choice(["standard", "medium", "high", "not_sure"]),
                    victim_account=rng.choice(ACCOUNTS),
                    trigger=Trigger.INITIAL if step == 0 else rng.choice(LATER_TRIGGERS),
                    incidents_last_12_months=rng.randint(0, 4),
                    lowering_reason="Synthetic demo reason: he has moved out of the area and the order holds.",
                    completed_at=at,
                )
                days_ago = max(0, days_ago - rng.randint(7, 40))
    return demo.count()
