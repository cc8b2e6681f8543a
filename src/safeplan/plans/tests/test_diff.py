"""What changed between two versions, as plain data: no database needed."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from safeplan.content.measures import CIRCUMSTANCE_FLAGS
from safeplan.plans.diff import ItemState, PlanState, diff

MEASURES = ["call_999", "code_word", "safer_room", "escape_route", "change_passwords"]

items = st.lists(
    st.builds(
        ItemState,
        measure_id=st.sampled_from(MEASURES),
        title=st.just("t"),
        status=st.sampled_from(["will_do", "already_doing", "not_now", "not_safe"]),
        actor=st.sampled_from(["", "victim", "idva"]),
        note=st.sampled_from(["", "a note"]),
        due_on=st.one_of(st.none(), st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 1, 1))),
    ),
    unique_by=lambda item: item.measure_id,
)
states = st.builds(
    PlanState,
    coping=st.sampled_from(["", "I lock the door"]),
    situation=st.sampled_from(["living_with_abuser", "after_separation"]),
    answers=st.dictionaries(st.sampled_from(CIRCUMSTANCE_FLAGS), st.sampled_from(["yes", "no", "not_sure"])),
    items=items.map(tuple),
    parts=st.dictionaries(st.sampled_from(["contacts", "code_words", "safe_rooms"]), st.sampled_from(["", "x", "y"])),
    bag_wanted=st.booleans(),
    bag_ticked=st.frozensets(st.sampled_from(["bag_money", "spare_keys"])),
    next_review_on=st.one_of(st.none(), st.just(date(2026, 6, 1))),
)


@given(states)
def test_a_version_has_no_changes_from_itself(state: PlanState) -> None:
    assert diff(state, state).is_empty


@given(states, states)
def test_the_diff_backwards_swaps_added_and_removed(old: PlanState, new: PlanState) -> None:
    forwards, backwards = diff(old, new), diff(new, old)
    assert {i.measure_id for i in forwards.added} == {i.measure_id for i in backwards.removed}
    assert {i.measure_id for i in forwards.removed} == {i.measure_id for i in backwards.added}
    assert {c.after.measure_id for c in forwards.changed} == {c.before.measure_id for c in backwards.changed}
    assert forwards.is_empty == backwards.is_empty


@given(states, states)
def test_every_item_is_accounted_for(old: PlanState, new: PlanState) -> None:
    result = diff(old, new)
    old_ids = {i.measure_id for i in old.items}
    new_ids = {i.measure_id for i in new.items}
    assert {i.measure_id for i in result.added} == new_ids - old_ids
    assert {i.measure_id for i in result.removed} == old_ids - new_ids
    for change in result.changed:
        assert change.before != change.after


def state(**changes: object) -> PlanState:
    base: dict[str, object] = {
        "coping": "I lock the door",
        "situation": "after_separation",
        "answers": {"works": "no"},
        "items": (ItemState("call_999", "Call 999", "will_do"),),
        "parts": {"contacts": "Jo"},
    }
    return PlanState(**{**base, **changes})  # type: ignore[arg-type]


def test_a_change_of_owner_date_and_decision_is_listed_field_by_field() -> None:
    old = state()
    new = state(items=(ItemState("call_999", "Call 999", "already_doing", "idva", "", date(2026, 5, 1)),))
    (change,) = diff(old, new).changed
    assert [(c.name, c.before, c.after) for c in change.changes] == [
        ("status", "will_do", "already_doing"),
        ("actor", "", "idva"),
        ("due_on", None, date(2026, 5, 1)),
    ]


def test_parts_coping_and_circumstances_changes_are_listed() -> None:
    old = state()
    new = state(coping="", answers={"works": "yes"}, parts={"contacts": "Jo", "code_words": "pink"})
    result = diff(old, new)
    assert [(c.name, c.before, c.after) for c in result.parts] == [("code_words", "", "pink")]
    assert result.coping is not None
    assert result.coping.after == ""
    assert [(c.name, c.before, c.after) for c in result.circumstances] == [("works", "no", "yes")]


def test_a_missing_answer_reads_as_not_sure() -> None:
    assert diff(state(answers={}), state(answers={"works": "not_sure"})).is_empty
