"""Synthetic safety plans for the demo cases: first plans, some reviewed once, with cautions to see.

Every word here is invented. Plans go through the real services (drafted step by step,
tailored, audited and saved as versions), so the demo shows exactly what a real plan shows.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from safeplan.cases.models import Case, Person
from safeplan.content.measures import CIRCUMSTANCE_FLAGS
from safeplan.plans import building, selectors, services
from safeplan.plans.models import SafetyPlan
from safeplan.plans.plandata import ItemChoice, Parts, PlanData

COPING = [
    "Synthetic demo text: I keep my phone charged and in my pocket, and go to my sister's when he has been drinking.",
    "Synthetic demo text: I take the children to the park when he gets angry, and my neighbour knows to call 999.",
    "Synthetic demo text: I have stopped answering his calls and I walk home a different way.",
    "",
]
SITUATIONS = ["living_with_abuser", "planning_to_leave", "after_separation", "after_separation"]
PLANS = 12


def _answers(rng: random.Random, has_children: bool) -> dict[str, str]:
    answers = {flag: rng.choice(["no", "no", "no", "yes", "not_sure"]) for flag in CIRCUMSTANCE_FLAGS}
    answers["has_children"] = "yes" if has_children else "no"
    if not has_children:
        answers["child_contact_arrangements"] = "no"
    return answers


def _choices(rng: random.Random, data: PlanData) -> dict[str, ItemChoice | None]:
    """Return a plausible decision for some of the suggestions, respecting every "not safe"."""
    today = timezone.localdate()
    choices: dict[str, ItemChoice | None] = {}
    for row in building.measure_rows(data)[:14]:
        measure = row.measure
        if row.suggestion.status == "not_safe":
            status = "not_safe"
        else:
            status = rng.choice(["will_do", "will_do", "already_doing", "not_now"])
        will_do = status == "will_do"
        choices[measure.id] = ItemChoice(
            measure_id=measure.id,
            status=status,  # type: ignore[arg-type]
            actor=measure.actors[0] if will_do else "",
            note="Synthetic demo: agreed at the planning meeting." if will_do and rng.random() < 0.4 else "",
            due_on=today + timedelta(days=rng.randint(3, 30)) if will_do else None,
        )
    return choices


def load(seed: int = 20261121) -> int:
    """Give the first demo cases a plan once; return how many demo cases have one. Running again adds nothing."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    cases = list(Case.objects.filter(is_demo=True, status=Case.Status.OPEN).order_by("reference")[:PLANS])
    for number, case in enumerate(cases):
        if SafetyPlan.objects.filter(case=case).exists():
            continue
        actor = case.responsible_officer
        has_children = case.people.filter(role=Person.Role.CHILD).exists()
        with transaction.atomic():
            services.draft_record_coping(
                actor=actor,
                case=case,
                version=selectors.draft_version(case),
                coping_strategies=COPING[number % len(COPING)],
                none_yet=number % 4 == 3,
            )
            services.draft_record_circumstances(
                actor=actor,
                case=case,
                version=selectors.draft_version(case),
                situation=SITUATIONS[number % len(SITUATIONS)],
                answers=_answers(rng, has_children),
            )
            # Read the draft afresh: case.plan_draft may be the copy cached before the circumstances were saved.
            _, data = selectors.draft_data(case)
            services.draft_record_choices(
                actor=actor, case=case, version=selectors.draft_version(case), choices=_choices(rng, data)
            )
            services.draft_record_parts(
                actor=actor,
                case=case,
                version=selectors.draft_version(case),
                parts=Parts(
                    contacts="Synthetic demo: my sister, 07700 900555; the IDVA service in office hours.",
                    code_words="Synthetic demo: a text saying 'pink' means call 999 for me.",
                    safe_places="Synthetic demo: the library on the high street; my friend's flat.",
                    bag_wanted=number % 2 == 0,
                    bag_ticked=("bag_identity_documents", "spare_keys") if number % 2 == 0 else (),
                ),
            )
            services.version_save(
                actor=actor,
                case=case,
                version=selectors.draft_version(case),
                reason="first",
                next_review_on=timezone.localdate() + timedelta(days=90),
            )
            if number % 3 == 0:
                services.draft_record_choices(
                    actor=actor,
                    case=case,
                    version=selectors.draft_version(case),
                    choices={"call_999": ItemChoice(measure_id="call_999", status="already_doing", actor="victim")},
                )
                services.version_save(
                    actor=actor,
                    case=case,
                    version=selectors.draft_version(case),
                    reason="scheduled",
                    next_review_on=timezone.localdate() + timedelta(days=60),
                    change_note="Synthetic demo: reviewed after the first month.",
                )
    return SafetyPlan.objects.filter(case__is_demo=True).count()
