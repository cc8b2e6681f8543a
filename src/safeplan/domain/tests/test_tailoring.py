"""Tailoring the measures to a victim's circumstances: relevance, cautions, order."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan.content.measures import CIRCUMSTANCE_FLAGS, PLAN_PARTS, SITUATIONS, Measure, knowledge_base
from safeplan.domain.tailoring import Circumstances, Suggestion, suggest

MEASURES = knowledge_base().measures


def circumstances(situation: str = "living_with_abuser", **flags: bool) -> Circumstances:
    """Return circumstances where nothing holds but what is given."""
    return Circumstances(situation=situation, **{name: False for name in CIRCUMSTANCE_FLAGS} | flags)  # type: ignore[arg-type]


def by_id(suggestions: list[Suggestion]) -> dict[str, Suggestion]:
    return {suggestion.measure.id: suggestion for suggestion in suggestions}


def reasons(suggestion: Suggestion) -> str:
    return " ".join(caution.reason.get("en") for caution in suggestion.cautions_that_apply)


# Realistic circumstances


def test_a_parent_living_with_a_controlling_abuser_gets_an_emergency_plan_with_the_risky_advice_flagged() -> None:
    plan = by_id(
        suggest(
            MEASURES,
            circumstances(
                "living_with_abuser",
                has_children=True,
                abuser_has_device_access=True,
                abuser_checks_accounts=True,
                has_car_or_satnav=True,
            ),
        )
    )
    for expected in ("call_999", "safer_room", "escape_route", "code_word", "pack_emergency_bag", "children_call_999"):
        assert expected in plan
    assert "satnav_while_staying" in plan
    # Advice written for other situations is not offered.
    for absent in ("change_locks", "sanctuary_scheme", "satnav_after_leaving", "talk_to_children_about_leaving"):
        assert absent not in plan
    assert plan["change_passwords"].status == "not_safe"
    assert plan["remove_tracking"].status == "not_safe"
    assert plan["pack_emergency_bag"].status == "suggested_with_caution"
    assert plan["children_call_999"].status == "suggested_with_caution"
    assert plan["call_999"].status == "suggested"


def test_someone_separated_with_no_children_gets_home_security_and_no_childrens_measures() -> None:
    plan = by_id(suggest(MEASURES, circumstances("after_separation", works=True, has_car_or_satnav=True)))
    for expected in ("change_locks", "sanctuary_scheme", "vary_routine", "tell_employer", "satnav_after_leaving"):
        assert expected in plan
    assert not [m for m in plan.values() if "children" in m.measure.topics]
    for absent in ("pack_emergency_bag", "keep_routine_normal", "satnav_while_staying", "satnav_when_leaving"):
        assert absent not in plan
    assert plan["change_passwords"].status == "suggested"


def test_someone_planning_to_leave_gets_the_bag_checklist_each_item_with_its_place() -> None:
    plan = suggest(MEASURES, circumstances("planning_to_leave", has_children=True))
    bag = [s.measure.id for s in plan if s.measure.plan_part == "emergency_bag"]
    assert {"pack_emergency_bag", "spare_keys", "bag_identity_documents", "bag_medicines", "bag_abuser_photo"} <= set(
        bag
    )
    ids = by_id(plan)
    assert ids["keep_routine_normal"].status == "suggested"
    assert ids["talk_to_children_about_leaving"].status == "suggested_with_caution"
    assert "satnav_when_leaving" not in ids  # no car or satnav


def test_measures_for_specific_needs_appear_only_with_those_needs() -> None:
    specific = {
        "immigration_worries": "immigration_status_worries",
        "disability_needs": "disability_or_health_needs",
        "isolated_help": "socially_isolated",
        "arson_risk_fire_service": "arson_risk",
        "weapons_out_of_reach": "weapons_used_or_available",
        "young_victim_school": "victim_aged_16_or_17",
        "tell_employer": "works",
    }
    for measure_id, flag in specific.items():
        assert measure_id not in by_id(suggest(MEASURES, circumstances("after_separation")))
        assert measure_id in by_id(suggest(MEASURES, circumstances("after_separation", **{flag: True})))


# The cautions the guidance gives


@pytest.mark.parametrize("situation", ["living_with_abuser", "planning_to_leave"])
def test_changing_passwords_is_not_safe_while_sharing_a_home_with_an_abuser_who_checks_accounts(situation: str) -> None:
    password = by_id(suggest(MEASURES, circumstances(situation, abuser_checks_accounts=True)))["change_passwords"]
    assert password.status == "not_safe"
    assert "plan it with a specialist" in reasons(password)


def test_changing_passwords_after_separation_carries_a_warning_when_the_abuser_still_gets_in() -> None:
    password = by_id(suggest(MEASURES, circumstances("after_separation", abuser_checks_accounts=True)))[
        "change_passwords"
    ]
    assert password.status == "suggested_with_caution"
    assert by_id(suggest(MEASURES, circumstances("after_separation")))["change_passwords"].status == "suggested"


def test_blocking_messages_is_not_safe_when_the_victim_uses_them_to_know_the_abuser_is_coming() -> None:
    without = by_id(suggest(MEASURES, circumstances("after_separation")))["block_abuser"]
    assert without.status == "suggested"
    blocking = by_id(suggest(MEASURES, circumstances("after_separation", uses_abuser_messages_to_know_movements=True)))[
        "block_abuser"
    ]
    assert blocking.status == "not_safe"
    assert "warning" in reasons(blocking)


@pytest.mark.parametrize(
    "flag", ["neighbours_or_family_may_side_with_abuser", "neighbours_knowing_would_expose_victim"]
)
def test_a_cocoon_watch_is_not_safe_when_neighbours_may_side_with_the_abuser_or_knowing_would_expose_the_victim(
    flag: str,
) -> None:
    assert by_id(suggest(MEASURES, circumstances("after_separation")))["cocoon_watch"].status == "suggested"
    cocoon = by_id(suggest(MEASURES, circumstances("after_separation", **{flag: True})))["cocoon_watch"]
    assert cocoon.status == "not_safe"
    assert "should not be used" in reasons(cocoon)


def test_removing_tracking_apps_is_not_safe_when_the_abuser_checks_the_phone() -> None:
    remove = by_id(suggest(MEASURES, circumstances("after_separation", abuser_checks_accounts=True)))["remove_tracking"]
    assert remove.status == "not_safe"


def test_sharing_location_is_flagged_when_the_abuser_can_see_the_phone() -> None:
    share = by_id(suggest(MEASURES, circumstances("after_separation", abuser_has_device_access=True)))
    assert share["share_location_with_trusted"].status == "suggested_with_caution"


def test_a_diary_and_a_bag_kept_at_home_are_flagged_while_living_with_the_abuser() -> None:
    plan = by_id(suggest(MEASURES, circumstances("living_with_abuser")))
    assert plan["incident_diary"].status == "suggested_with_caution"
    assert plan["pack_emergency_bag"].status == "suggested_with_caution"
    assert plan["keep_plan_secret"].status == "suggested_with_caution"


# Rules over every possible set of circumstances

any_circumstances = st.builds(
    lambda situation, flags: (
        circumstances(situation, **flags)
        if flags["has_children"] or not flags["child_contact_arrangements"]
        else circumstances(situation, **(flags | {"child_contact_arrangements": False}))
    ),
    st.sampled_from(SITUATIONS),
    st.fixed_dictionaries({name: st.booleans() for name in CIRCUMSTANCE_FLAGS}),
)


@settings(max_examples=150, deadline=None)
@given(any_circumstances)
def test_no_measure_whose_caution_holds_is_ever_simply_suggested(situation: Circumstances) -> None:
    for suggestion in suggest(MEASURES, situation):
        holding = [c for c in suggestion.measure.cautions if all(situation.holds(name) for name in c.when)]
        assert list(suggestion.cautions_that_apply) == holding
        if any(c.severity == "not_safe" for c in holding):
            assert suggestion.status == "not_safe"
        elif holding:
            assert suggestion.status == "suggested_with_caution"
        else:
            assert suggestion.status == "suggested"


@settings(max_examples=150, deadline=None)
@given(any_circumstances)
def test_a_contraindicated_measure_is_shown_not_dropped(situation: Circumstances) -> None:
    def relevant(measure: Measure) -> bool:
        in_situation = "any" in measure.situations or situation.situation in measure.situations
        return in_situation and all(situation.holds(name) for name in measure.applies_when)

    assert {s.measure.id for s in suggest(MEASURES, situation)} == {m.id for m in MEASURES if relevant(m)}


@settings(max_examples=150, deadline=None)
@given(any_circumstances)
def test_childrens_measures_appear_only_for_parents(situation: Circumstances) -> None:
    shown = [suggestion.measure for suggestion in suggest(MEASURES, situation)]
    about_children = [
        m.id for m in shown if "children" in m.topics or m.plan_part in ("children", "child_contact_handover")
    ]
    if not situation.has_children:
        assert about_children == []
    if not situation.child_contact_arrangements:
        assert [m.id for m in shown if "child_contact_arrangements" in m.applies_when] == []


@settings(max_examples=100, deadline=None)
@given(any_circumstances)
def test_emergency_measures_come_first_then_the_plan_parts_in_order(situation: Circumstances) -> None:
    keys = [
        ("emergency" not in s.measure.topics, PLAN_PARTS.index(s.measure.plan_part))
        for s in suggest(MEASURES, situation)
    ]
    assert keys == sorted(keys)
    assert keys
    assert keys[0][0] is False, "an emergency measure comes first"


# Circumstances themselves


def test_the_content_names_exactly_the_circumstances_that_exist() -> None:
    fields = {field.name for field in dataclasses.fields(Circumstances)} - {"situation"}
    assert fields == set(CIRCUMSTANCE_FLAGS)


def test_every_circumstance_is_asked_for_a_reason() -> None:
    used = {name for m in MEASURES for name in m.applies_when} | {
        name for m in MEASURES for caution in m.cautions for name in caution.when
    }
    assert set(CIRCUMSTANCE_FLAGS) <= used


def test_circumstances_refuse_anything_but_true_or_false() -> None:
    with pytest.raises(TypeError, match="abuser_checks_accounts"):
        circumstances(abuser_checks_accounts="no")  # type: ignore[arg-type]


def test_circumstances_refuse_child_contact_without_children_and_unknown_situations() -> None:
    with pytest.raises(ValueError, match="has_children"):
        circumstances(child_contact_arrangements=True)
    with pytest.raises(ValueError, match="situation"):
        circumstances("married")


def test_an_unknown_condition_is_an_error_not_false() -> None:
    with pytest.raises(ValueError, match="unknown condition"):
        circumstances().holds("abuser_check_accounts")


def test_a_not_sure_answer_counts_as_yes() -> None:
    answered = Circumstances.from_answers("living_with_abuser", {"abuser_checks_accounts": None, "works": False})
    assert answered.abuser_checks_accounts is True
    assert answered.uses_abuser_messages_to_know_movements is True  # not asked at all
    assert answered.works is False
    assert by_id(suggest(MEASURES, answered))["change_passwords"].status == "not_safe"


def test_no_children_means_no_child_contact() -> None:
    answered = Circumstances.from_answers("after_separation", {"has_children": False})
    assert (answered.has_children, answered.child_contact_arrangements) == (False, False)
    with pytest.raises(ValueError, match="unknown circumstances"):
        Circumstances.from_answers("after_separation", {"has_kids": True})


def test_circumstances_are_frozen() -> None:
    value: Any = circumstances()
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.works = True
