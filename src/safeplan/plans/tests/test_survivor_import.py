"""A survivor's shared plan becomes a version of the case's plan, after strict checks."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.plans.models import SafetyPlanDraft, SafetyPlanVersion
from safeplan.plans.selectors import draft_version
from safeplan.plans.services import plan_import_from_survivor
from safeplan.testing.plans import saved_version


def snapshot(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "coping_strategies": "I sleep in the children's room when he drinks.",
        "circumstances": {
            "situation": "living_with_abuser",
            "answers": {"has_children": True, "abuser_checks_accounts": None, "works": False},
        },
        "items": [
            {"measure_id": "call_999", "status": "will_do"},
            {"measure_id": "change_passwords", "status": "not_safe", "note": "He reads my email"},
            {"measure_id": "code_word", "status": "already_doing", "note": "My neighbour knows"},
        ],
        "parts": {"contacts": "Mum 07700 900456", "bag_wanted": True, "bag_ticked": ["bag_money"]},
    }
    return {**base, **changes}


def test_a_shared_plan_becomes_the_next_version(world: World) -> None:
    saved_version(world.case, world.alice)
    version = plan_import_from_survivor(actor=world.alice, case=world.case, snapshot=snapshot())
    assert version.number == 2
    assert version.source == SafetyPlanVersion.Source.SURVIVOR
    assert version.reason == SafetyPlanVersion.Reason.SURVIVOR_SHARED
    assert version.coping_strategies.startswith("I sleep in")
    answers = version.circumstances_answers().answers
    assert answers["abuser_checks_accounts"] == "not_sure"
    assert answers["works"] == "no"
    # A missing answer is "not sure", which counts as yes.
    assert answers["arson_risk"] == "not_sure"
    passwords = version.items.get(measure_id="change_passwords")
    assert passwords.actor == "victim"
    assert passwords.owner_note == "He reads my email"
    assert passwords.suggestion == "not_safe"
    assert passwords.cautions
    assert version.plan_parts().contacts == "Mum 07700 900456"
    assert [entry["ticked"] for entry in version.bag_checklist() if entry["measure_id"] == "bag_money"] == [True]
    event = AuditEvent.objects.get(verb=Verb.PLAN_VERSION_IMPORTED)
    assert event.detail == {"version": 2, "items": 3}
    assert event.case_id == world.case.pk


def test_a_draft_in_progress_is_left_alone(world: World) -> None:
    from safeplan.plans import services

    services.draft_record_coping(
        actor=world.alice, case=world.case, coping_strategies="x", none_yet=False, version=draft_version(world.case)
    )
    plan_import_from_survivor(actor=world.alice, case=world.case, snapshot=snapshot())
    assert SafetyPlanDraft.objects.filter(case=world.case).exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"items": [{"measure_id": "fly_to_the_moon", "status": "will_do"}]},
        {"items": [{"measure_id": "call_999", "status": "maybe"}]},
        {"items": [{"measure_id": "call_999", "status": "will_do"}, {"measure_id": "call_999", "status": "not_now"}]},
        {"items": [{"measure_id": "call_999", "status": "will_do", "owner": "me"}]},
        {"items": [{"measure_id": "call_999", "status": "will_do", "note": 5}]},
        {"items": "call_999"},
        {"circumstances": {"situation": "on_holiday", "answers": {}}},
        {"circumstances": {"situation": "after_separation", "answers": {"likes_cats": True}}},
        {"circumstances": {"situation": "after_separation", "answers": {"works": "yes"}}},
        {"parts": {"bag_ticked": ["call_999"]}},
        {"parts": {"secret_stash": "x"}},
        {"parts": {"contacts": "x" * 4001}},
        {"coping_strategies": None},
        {"version": 2},
    ],
)
def test_anything_unexpected_is_refused_and_nothing_is_saved(world: World, changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        plan_import_from_survivor(actor=world.alice, case=world.case, snapshot=snapshot(**changes))
    assert not SafetyPlanVersion.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.PLAN_VERSION_IMPORTED).exists()


def test_a_missing_key_is_refused(world: World) -> None:
    data = snapshot()
    del data["circumstances"]
    with pytest.raises(ValidationError):
        plan_import_from_survivor(actor=world.alice, case=world.case, snapshot=data)


def test_only_the_owning_team_can_import(world: World) -> None:
    for user in [world.charlie, world.olga, world.adam]:
        with pytest.raises(PermissionDenied):
            plan_import_from_survivor(actor=user, case=world.case, snapshot=snapshot())
    assert not SafetyPlanVersion.objects.exists()
