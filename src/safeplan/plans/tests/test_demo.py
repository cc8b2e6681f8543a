"""The demo safety plans: synthetic, made through the real services, loaded once."""

from __future__ import annotations

import pytest

from safeplan.accounts import demo as account_demo
from safeplan.cases import demo as case_demo
from safeplan.plans import demo
from safeplan.plans.models import SafetyPlan, SafetyPlanItem, SafetyPlanVersion

pytestmark = pytest.mark.django_db


def test_the_demo_gives_open_demo_cases_a_plan_once() -> None:
    account_demo.load()
    case_demo.load()
    made = demo.load()
    assert made == demo.PLANS
    versions = SafetyPlanVersion.objects.count()
    assert demo.load() == made
    assert SafetyPlanVersion.objects.count() == versions > made
    assert {plan.case.is_demo for plan in SafetyPlan.objects.select_related("case")} == {True}
    for version in SafetyPlanVersion.objects.all():
        assert version.coping_strategies == "" or version.coping_strategies.startswith("Synthetic")
    # Nothing not safe in its circumstances is in a demo plan as something the victim will do.
    assert not SafetyPlanItem.objects.filter(suggestion="not_safe", status__in=["will_do", "already_doing"]).exists()


def test_every_demo_plan_carries_measures_chosen_at_its_planning_meeting() -> None:
    account_demo.load()
    case_demo.load()
    demo.load()
    first_versions = [plan.versions.order_by("pk").first() for plan in SafetyPlan.objects.all()]
    assert first_versions
    for version in first_versions:
        assert version is not None
        assert version.items.exists(), f"{version} has no measures"
