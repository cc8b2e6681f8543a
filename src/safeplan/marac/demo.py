"""Synthetic MARAC decisions for the demo cases' risk assessments.

Every word here is invented. Decisions go through the real service (so they are
audited like any other) and are then back-dated to just after their assessment.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from safeplan.marac.models import MaracDecision
from safeplan.marac.services.decisions import marac_decision_record
from safeplan.risk.models import Assessment


def load(seed: int = 20261121) -> int:
    """Decide on MARAC for some demo assessments that call for it, once; return how many demo decisions exist."""
    demo = MaracDecision.objects.filter(assessment__case__is_demo=True)
    if demo.exists():
        return demo.count()
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    assessments = Assessment.objects.filter(case__is_demo=True).select_related("case", "case__responsible_officer")
    with transaction.atomic():
        for assessment in assessments.order_by("pk"):
            if not assessment.marac_indicated or rng.random() >= 0.6:
                continue
            refer = assessment.level == "high" or rng.random() < 0.5
            marac_decision_record(
                actor=assessment.case.responsible_officer,
                assessment=assessment,
                decision="refer" if refer else "do_not_refer",
                reason="Synthetic demo reason: "
                + ("meets the referral criteria." if refer else "already heard last month."),
                decided_at=min(assessment.created_at + timedelta(hours=2), timezone.now()),
            )
    return demo.count()
