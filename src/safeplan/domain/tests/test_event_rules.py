"""Case event rules (content/events.yaml) and the obligations they create.

The lists of guidance items below were read from seed 002 ("Keeping the victim informed" and
"Trigger points"); expected due dates were worked out by hand from the calendar.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from safeplan.content.events import EventRules, EventType, event_rules
from safeplan.content.helplines import helplines
from safeplan.content.loader import read_yaml
from safeplan.domain.deadlines import ObligationSpec, obligations_for_event
from safeplan.domain.workdays import NATIONS, is_working_day

LONDON = ZoneInfo("Europe/London")
SEED = "002_a50e577e6c004e18.txt"
SEED_DOCS = {
    "000_f0078f8dceb5ac23.txt",
    "001_c34657dd64b4a8ce.txt",
    "002_a50e577e6c004e18.txt",
    "003_fdc0483cc2b73ce6.txt",
    "004_4b06071ec98fe06a.txt",
}
# The lines that introduce the two lists in 002, as cited (spaces collapsed, see guidance_index).
INFORMED = (
    "In particular, police should inform domestic abuse victims within one working day "
    "of relevant developments including:"
)
TRIGGER_POINTS = "Trigger points for risk assessment and safety planning include:"

EVENT_TYPE_IDS = {
    "arrest",
    "interview_under_caution",
    "release_without_charge",
    "bail_with_conditions",
    "bail_conditions_changed",
    "bail_conditions_cancelled",
    "released_under_investigation",
    "charge",
    "decision_to_prosecute",
    "out_of_court_disposal",
    "no_further_action",
    "first_hearing",
    "trial_date_set",
    "trial_lead_up",
    "verdict",
    "sentencing",
    "release_from_prison",
    "court_order_imposed",
    "court_order_expiring",
    "family_proceedings",
    "new_relationship",
    "withdrawal_of_support",
    "breach",
    "new_incident",
}

# 002 "Keeping the victim informed": bullet -> the event types that carry it.
NOTIFIABLE = {
    1: {"arrest"},  # arrest
    2: {"interview_under_caution"},  # interview under caution
    3: {"release_without_charge", "released_under_investigation"},  # release without charge
    4: {"bail_with_conditions", "bail_conditions_changed", "bail_conditions_cancelled"},  # police bail, conditions
    5: {"decision_to_prosecute", "charge"},  # decision to prosecute
    6: {"out_of_court_disposal"},  # decision to give an out-of-court disposal
    7: {"no_further_action"},  # police decision not to prosecute, with reasons
    8: {"no_further_action"},  # CPS decision not to prosecute during a charging consultation
    9: {"first_hearing"},  # date, time and location of first court hearing
}

# 002 "Trigger points": bullet -> the event types that carry it.
TRIGGERS = {
    1: {"release_without_charge", "released_under_investigation", "bail_with_conditions", "verdict"},  # release
    2: {"charge"},  # the suspect being charged
    3: {"trial_lead_up"},  # the lead up to a trial
    4: {"sentencing"},  # sentencing
    5: {"release_from_prison"},  # release from a prison sentence
    6: {"court_order_imposed"},  # the imposition of a court order
    7: {"court_order_expiring"},  # the expiry of a court order
    8: {"family_proceedings"},  # family proceedings, especially concerning child contact
    9: {"new_relationship"},  # start of a new relationship by the victim
}


def london(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def end_of(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, 999999, tzinfo=LONDON)


def cited(event: EventType, section: str) -> set[int]:
    return {source.item for source in event.sources if source.section == section and source.item is not None}


def as_tuples(obligations: list[ObligationSpec]) -> list[tuple[str, str, datetime]]:
    return [(o.kind, o.owner_role, o.due_at) for o in obligations]


# The content itself


def test_it_loads_the_event_rules() -> None:
    rules = event_rules()

    assert isinstance(rules, EventRules)
    assert rules.version >= 1


def test_every_event_type_of_the_timeline_exists() -> None:
    assert set(event_rules().ids) == EVENT_TYPE_IDS


def test_every_event_type_has_an_english_label_and_help() -> None:
    for event in event_rules().event_types:
        assert event.label.get("en").strip(), event.id
        assert event.help.get("en").strip(), event.id


@pytest.mark.parametrize("item", sorted(NOTIFIABLE))
def test_every_notifiable_development_in_the_guidance_has_a_notify_rule(item: int) -> None:
    carriers = {event.id for event in event_rules().event_types if item in cited(event, INFORMED)}

    assert carriers == NOTIFIABLE[item]
    for event_id in carriers:
        notify = event_rules().by_id(event_id).notify
        assert notify is not None, event_id
        # 002: "within one working day" for victims of domestic abuse (enhanced rights).
        assert notify.working_days_enhanced == 1, event_id
        assert notify.owner == "spoc", event_id


@pytest.mark.parametrize("item", sorted(TRIGGERS))
def test_every_trigger_point_in_the_guidance_is_a_trigger_point(item: int) -> None:
    carriers = {event.id for event in event_rules().event_types if item in cited(event, TRIGGER_POINTS)}

    assert carriers == TRIGGERS[item]
    for event_id in carriers:
        event = event_rules().by_id(event_id)
        assert event.trigger_point, event_id
        assert event.reassess_within_working_days is not None
        assert event.review_plan_within_working_days is not None


def test_withdrawal_of_support_is_a_trigger_point() -> None:
    # 002, "Withdrawal": it "should prompt a revised risk assessment process and safety planning".
    event = event_rules().by_id("withdrawal_of_support")

    assert event.trigger_point
    assert any(source.section.startswith("Any withdrawal of support") for source in event.sources)


@pytest.mark.parametrize(
    "event_id",
    [
        "release_without_charge",
        "released_under_investigation",
        "bail_with_conditions",
        "bail_conditions_changed",
        "bail_conditions_cancelled",
        "breach",
        "court_order_expiring",
        "release_from_prison",
        "withdrawal_of_support",
        "new_incident",
    ],
)
def test_releases_bail_breaches_and_orders_ending_are_reviewed_within_one_working_day(event_id: str) -> None:
    event = event_rules().by_id(event_id)

    assert event.trigger_point
    assert event.reassess_within_working_days == 1
    assert event.review_plan_within_working_days == 1


@pytest.mark.parametrize("event_id", ["trial_date_set", "verdict", "sentencing"])
def test_court_outcomes_are_told_by_witness_care_from_when_the_result_arrives(event_id: str) -> None:
    notify = event_rules().by_id(event_id).notify

    assert notify is not None
    assert notify.owner == "witness_care"
    assert notify.counted_from == "information_received"


def test_the_notify_deadlines_are_one_working_day_enhanced_and_five_standard() -> None:
    for event in event_rules().event_types:
        if event.notify is not None:
            assert (event.notify.working_days_enhanced, event.notify.working_days_standard) == (1, 5), event.id


@pytest.mark.parametrize(
    ("event_id", "field_ids"),
    [
        ("bail_with_conditions", {"granted_by", "conditions_plain"}),
        ("bail_conditions_changed", {"conditions_plain", "what_changed_plain"}),
        ("first_hearing", {"hearing_date", "hearing_time", "court"}),
        ("no_further_action", {"decided_by", "reasons"}),
        ("release_from_prison", {"release_date"}),
        ("court_order_expiring", {"expires_on"}),
        ("trial_lead_up", {"trial_date"}),
    ],
)
def test_events_ask_for_the_details_the_victim_must_be_told(event_id: str, field_ids: set[str]) -> None:
    event = event_rules().by_id(event_id)

    for field_id in field_ids:
        assert event.field(field_id).required, f"{event_id}.{field_id}"


def test_a_decision_not_to_prosecute_is_made_by_the_police_or_the_cps() -> None:
    decided_by = event_rules().by_id("no_further_action").field("decided_by")

    assert decided_by.kind == "choice"
    assert {choice.id for choice in decided_by.choices} == {"police", "cps"}


def test_the_withdrawal_statement_checklist_follows_the_guidance_item_by_item() -> None:
    withdrawal = event_rules().withdrawal

    statement = [(s.section, s.item) for item in withdrawal.statement.items for s in item.sources]
    report = [(s.section, s.item) for item in withdrawal.background_report.items for s in item.sources]

    assert statement == [("A withdrawal statement should contain the following information:", n) for n in range(1, 8)]
    report_list = (
        "Withdrawal statements should be forwarded to the CPS and accompanied by a background report "
        "from the officer in the case which should include:"
    )
    assert report == [(report_list, n) for n in range(1, 6)]


def test_the_bail_breach_advice_points_to_real_helplines_and_holds_no_numbers() -> None:
    advice = event_rules().bail_breach_advice
    known = {helpline.id for helpline in helplines().helplines}

    assert set(advice.helplines) <= known
    assert "emergency" in advice.helplines
    for step in advice.steps:
        assert not any(character.isdigit() for character in step.get("en")), "numbers are data, not text"


def test_every_source_names_a_seed_document() -> None:
    rules = event_rules()
    sources = [source for event in rules.event_types for source in event.sources]
    sources += [s for item in rules.withdrawal.statement.items for s in item.sources]
    sources += [s for item in rules.withdrawal.background_report.items for s in item.sources]
    sources += list(rules.bail_breach_advice.sources)

    assert sources
    assert {source.doc for source in sources} <= SEED_DOCS


def test_every_source_names_exactly_one_passage_of_the_guidance() -> None:
    from safeplan.content.guidance_index import resolve, units

    rules = event_rules()
    sources = [source for event in rules.event_types for source in event.sources]
    sources += [s for item in rules.withdrawal.statement.items for s in item.sources]
    sources += [s for item in rules.withdrawal.background_report.items for s in item.sources]
    sources += list(rules.bail_breach_advice.sources)
    seed = units(SEED)

    # The two lists this file is built on still have the bullets the tables above expect.
    assert [u.item for u in seed if u.kind == "bullet" and u.section == INFORMED] == sorted(NOTIFIABLE)
    assert [u.item for u in seed if u.kind == "bullet" and u.section == TRIGGER_POINTS] == sorted(TRIGGERS)
    for source in sources:
        assert len(resolve(source.doc, source.section, source.item)) == 1, source


# Validation of the content model


def _raw() -> dict[str, Any]:
    return copy.deepcopy(read_yaml("events.yaml"))


def test_it_rejects_duplicate_event_ids() -> None:
    data = _raw()
    data["event_types"].append(copy.deepcopy(data["event_types"][0]))

    with pytest.raises(ValidationError, match="duplicate event type ids"):
        EventRules.model_validate(data)


def test_it_rejects_negative_working_days() -> None:
    data = _raw()
    data["event_types"][0]["notify"]["working_days_enhanced"] = -1

    with pytest.raises(ValidationError):
        EventRules.model_validate(data)


def test_it_rejects_an_enhanced_deadline_longer_than_the_standard_one() -> None:
    data = _raw()
    data["event_types"][0]["notify"]["working_days_enhanced"] = 6

    with pytest.raises(ValidationError, match="working_days_enhanced"):
        EventRules.model_validate(data)


def test_it_rejects_a_trigger_point_without_review_windows() -> None:
    data = _raw()
    event = next(e for e in data["event_types"] if e["id"] == "breach")
    del event["review_plan_within_working_days"]

    with pytest.raises(ValidationError, match="trigger point needs"):
        EventRules.model_validate(data)


def test_it_rejects_review_windows_on_an_event_that_is_not_a_trigger_point() -> None:
    data = _raw()
    event = next(e for e in data["event_types"] if e["id"] == "arrest")
    event["reassess_within_working_days"] = 1

    with pytest.raises(ValidationError, match="only a trigger point"):
        EventRules.model_validate(data)


def test_it_rejects_due_before_naming_a_field_that_is_not_a_date() -> None:
    data = _raw()
    event = next(e for e in data["event_types"] if e["id"] == "release_from_prison")
    event["due_before"] = "licence_conditions_plain"

    with pytest.raises(ValidationError, match="due_before"):
        EventRules.model_validate(data)


def test_it_rejects_a_source_that_is_not_a_seed_file_name() -> None:
    data = _raw()
    data["event_types"][0]["sources"][0]["doc"] = "guidance.txt"

    with pytest.raises(ValidationError):
        EventRules.model_validate(data)


def test_it_rejects_an_event_without_sources() -> None:
    data = _raw()
    data["event_types"][0]["sources"] = []

    with pytest.raises(ValidationError):
        EventRules.model_validate(data)


def test_it_rejects_unknown_keys() -> None:
    data = _raw()
    data["event_types"][0]["notfy"] = None

    with pytest.raises(ValidationError):
        EventRules.model_validate(data)


# Obligations created by events


def test_bail_on_a_friday_evening_before_a_bank_holiday_is_due_on_tuesday() -> None:
    # Fri 22 May 2026, 19:00; Mon 25 May is the spring bank holiday.
    obligations = obligations_for_event("bail_with_conditions", london(2026, 5, 22, 19), "england-and-wales")

    assert as_tuples(obligations) == [
        ("notify", "spoc", end_of(2026, 5, 26)),
        ("reassess", "responsible_officer", end_of(2026, 5, 26)),
        ("review_plan", "responsible_officer", end_of(2026, 5, 26)),
    ]
    assert [o.working_days for o in obligations] == [1, 1, 1]


def test_standard_rights_give_five_working_days_to_notify_but_reviews_do_not_change() -> None:
    obligations = obligations_for_event(
        "bail_with_conditions", london(2026, 5, 22, 19), "england-and-wales", enhanced_rights=False
    )

    # Tue 26, Wed 27, Thu 28, Fri 29 May, Mon 1 June.
    assert as_tuples(obligations) == [
        ("notify", "spoc", end_of(2026, 6, 1)),
        ("reassess", "responsible_officer", end_of(2026, 5, 26)),
        ("review_plan", "responsible_officer", end_of(2026, 5, 26)),
    ]


@pytest.mark.parametrize(
    ("nation", "due"),
    [
        ("england-and-wales", end_of(2026, 9, 1)),  # Mon 31 Aug is the late summer bank holiday
        ("northern-ireland", end_of(2026, 9, 1)),
        ("scotland", end_of(2026, 8, 31)),  # Scotland's August holiday was Mon 3 Aug
    ],
)
def test_the_nations_bank_holidays_decide_the_due_day(nation: str, due: datetime) -> None:
    obligations = obligations_for_event("bail_with_conditions", london(2026, 8, 28, 21), nation)

    assert {o.due_at for o in obligations} == {due}


def test_a_court_bail_result_counts_from_when_it_arrives_but_the_review_from_the_event() -> None:
    # Court decides Thu 9 July 2026; the result arrives Fri 10; Mon 13 is the Boyne holiday in NI.
    obligations = obligations_for_event(
        "bail_with_conditions", london(2026, 7, 9, 16), "northern-ireland", received_at=london(2026, 7, 10, 9)
    )

    assert as_tuples(obligations) == [
        ("notify", "spoc", end_of(2026, 7, 14)),
        ("reassess", "responsible_officer", end_of(2026, 7, 10)),
        ("review_plan", "responsible_officer", end_of(2026, 7, 10)),
    ]


def test_without_a_received_time_a_court_result_counts_from_the_event() -> None:
    obligations = obligations_for_event("verdict", london(2026, 7, 9, 16), "northern-ireland")

    assert obligations[0].kind == "notify"
    assert obligations[0].owner_role == "witness_care"
    assert obligations[0].due_at == end_of(2026, 7, 10)


def test_a_police_development_counts_from_the_event_even_when_heard_of_later() -> None:
    obligations = obligations_for_event(
        "arrest", london(2026, 7, 9, 16), "england-and-wales", received_at=london(2026, 7, 10, 9)
    )

    assert as_tuples(obligations) == [("notify", "spoc", end_of(2026, 7, 10))]


def test_an_event_that_is_only_notifiable_creates_no_review() -> None:
    obligations = obligations_for_event("interview_under_caution", london(2026, 12, 24, 17), "scotland")

    assert as_tuples(obligations) == [("notify", "spoc", end_of(2026, 12, 29))]


def test_a_new_relationship_creates_reviews_but_no_notification() -> None:
    # Thu 24 Dec 2026: 2 working days are Tue 29 and Wed 30.
    obligations = obligations_for_event("new_relationship", london(2026, 12, 24, 17), "england-and-wales")

    assert as_tuples(obligations) == [
        ("reassess", "responsible_officer", end_of(2026, 12, 30)),
        ("review_plan", "responsible_officer", end_of(2026, 12, 30)),
    ]


def test_a_prison_release_is_prepared_for_before_the_release_day() -> None:
    # Recorded Fri 22 May 2026; release Tue 26 May; Mon 25 is a bank holiday, so Friday is the last chance.
    obligations = obligations_for_event(
        "release_from_prison",
        london(2026, 5, 22, 10),
        "england-and-wales",
        details={"release_date": date(2026, 5, 26)},
    )

    assert as_tuples(obligations) == [
        ("notify", "spoc", end_of(2026, 5, 22)),
        ("reassess", "responsible_officer", end_of(2026, 5, 22)),
        ("review_plan", "responsible_officer", end_of(2026, 5, 22)),
    ]


def test_a_distant_release_date_leaves_the_working_day_deadline_alone() -> None:
    obligations = obligations_for_event(
        "release_from_prison",
        london(2026, 5, 22, 10),
        "england-and-wales",
        details={"release_date": date(2026, 7, 1)},
    )

    assert {o.due_at for o in obligations} == {end_of(2026, 5, 26)}


def test_a_release_recorded_on_the_day_is_due_that_day_not_in_the_past() -> None:
    obligations = obligations_for_event(
        "release_from_prison",
        london(2026, 6, 1, 9),
        "england-and-wales",
        details={"release_date": date(2026, 6, 1)},
    )

    assert {o.due_at for o in obligations} == {end_of(2026, 6, 1)}


def test_the_trial_lead_up_review_is_due_before_the_trial() -> None:
    # Recorded Mon 1 June 2026, trial Wed 3 June: 5 working days would be Mon 8 June.
    obligations = obligations_for_event(
        "trial_lead_up", london(2026, 6, 1, 9), "england-and-wales", details={"trial_date": date(2026, 6, 3)}
    )

    assert as_tuples(obligations) == [
        ("reassess", "responsible_officer", end_of(2026, 6, 2)),
        ("review_plan", "responsible_officer", end_of(2026, 6, 2)),
    ]
    assert [o.working_days for o in obligations] == [5, 5]


def test_it_refuses_an_unknown_event_type() -> None:
    with pytest.raises(ValueError, match="unknown event type"):
        obligations_for_event("alien_abduction", london(2026, 6, 1), "england-and-wales")


def test_it_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        obligations_for_event("arrest", datetime(2026, 6, 1, 9), "england-and-wales")


def test_it_refuses_an_unknown_nation() -> None:
    with pytest.raises(ValueError, match="unknown nation"):
        obligations_for_event("new_relationship", london(2026, 6, 1), "wales")


def test_it_refuses_a_result_received_before_the_event() -> None:
    with pytest.raises(ValueError, match="received_at"):
        obligations_for_event("verdict", london(2026, 6, 2), "england-and-wales", received_at=london(2026, 6, 1))


def test_it_refuses_a_due_before_detail_that_is_not_a_date() -> None:
    with pytest.raises(TypeError):
        obligations_for_event(
            "release_from_prison",
            london(2026, 6, 1),
            "england-and-wales",
            details={"release_date": datetime(2026, 6, 3, tzinfo=UTC)},
        )


@settings(max_examples=150, deadline=None)
@given(
    event_id=st.sampled_from(sorted(EVENT_TYPE_IDS)),
    occurred_at=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)),
    nation=st.sampled_from(NATIONS),
    enhanced=st.booleans(),
    before_in_days=st.none() | st.integers(min_value=-5, max_value=60),
)
def test_every_event_creates_exactly_its_obligations_on_working_days_never_in_the_past(
    event_id: str, occurred_at: datetime, nation: str, enhanced: bool, before_in_days: int | None
) -> None:
    event = event_rules().by_id(event_id)
    details: dict[str, object] = {}
    if event.due_before is not None and before_in_days is not None:
        details[event.due_before] = occurred_at.astimezone(LONDON).date() + timedelta(days=before_in_days)

    obligations = obligations_for_event(event_id, occurred_at, nation, enhanced, details=details)

    expected = (["notify"] if event.notify else []) + (["reassess", "review_plan"] if event.trigger_point else [])
    assert [o.kind for o in obligations] == expected
    for obligation in obligations:
        assert obligation.due_at >= occurred_at
        assert obligation.due_at.tzinfo is LONDON
        assert obligation.due_at.time().isoformat() == "23:59:59.999999"
        assert is_working_day(obligation.due_at.date(), nation)
        owner = event.notify.owner if obligation.kind == "notify" and event.notify else "responsible_officer"
        assert obligation.owner_role == owner
