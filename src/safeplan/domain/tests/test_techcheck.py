"""One ordered tech safety checklist from a few answers, with the abuser-may-notice caution shaping it."""

from __future__ import annotations

import pytest

from safeplan.content.techcheck import tech_check
from safeplan.domain.techcheck import AnswerError, build_checklist, normalise_answers

ALL_NO = {q.id: "no" for q in tech_check().questions if q.kind == "yes_no"}


def answers(**given: object) -> dict[str, object]:
    return {**ALL_NO, "devices": [], **given}


def ids(**given: object) -> list[str]:
    return [item.step.id for item in build_checklist(tech_check(), answers(**given)).items]


def test_everyone_gets_the_general_steps_and_nothing_for_devices_they_do_not_have() -> None:
    found = ids()
    assert "use_a_safe_device" in found
    assert not any(step.startswith(("iphone", "android")) for step in found)


def test_an_iphone_brings_its_steps_and_android_does_not() -> None:
    found = ids(devices=["iphone"])
    assert "iphone_safety_check" in found
    assert "android_tracker_alerts" not in found
    assert "android_tracker_alerts" in ids(devices=["android_phone"])


def test_an_emergency_contact_who_is_the_abuser_is_said_first() -> None:
    found = ids(devices=["iphone", "android_phone"], emergency_contact="yes", social_media="yes", car="yes")
    assert found[0] == "emergency_contact_is_abuser"


def test_shared_location_comes_before_everything_else_but_the_urgent() -> None:
    found = ids(devices=["android_phone"], location_shared="yes", tracker_found="yes", emergency_contact="yes")
    assert found[:2] == ["emergency_contact_is_abuser", "location_shared_with_abuser"]
    assert found[2] == "record_before_changing"


def test_record_it_first_comes_before_any_change_when_something_may_be_found() -> None:
    checklist = build_checklist(tech_check(), answers(tracker_found="yes", car="yes"))
    found = [item.step.id for item in checklist.items]
    assert checklist.record_offered
    assert found.index("record_before_changing") < found.index("look_for_trackers")
    assert not build_checklist(tech_check(), answers()).record_offered


def test_when_the_abuser_may_notice_every_alerting_step_says_plan_it_first() -> None:
    for notices in ("yes", "unsure"):
        checklist = build_checklist(
            tech_check(), answers(devices=["iphone"], shared_accounts="yes", abuser_notices=notices)
        )
        assert checklist.abuser_may_notice
        alerting = [item for item in checklist.items if item.step.may_alert is not None]
        assert alerting
        assert {item.caution for item in alerting} == {"plan_first"}


def test_when_the_abuser_would_not_notice_the_warning_is_still_shown() -> None:
    checklist = build_checklist(tech_check(), answers(devices=["iphone"], shared_accounts="yes", abuser_notices="no"))
    assert not checklist.abuser_may_notice
    change = next(item for item in checklist.items if item.step.id == "change_passwords")
    assert change.caution == "warn"


def test_no_step_that_could_alert_or_destroy_evidence_is_ever_shown_without_its_caution() -> None:
    everything = {q.id: ("yes" if q.kind == "yes_no" else list(q.values())) for q in tech_check().questions}
    for notices in ("yes", "no"):
        checklist = build_checklist(tech_check(), {**everything, "abuser_notices": notices})
        assert len(checklist.items) == len(tech_check().steps)
        for item in checklist.items:
            risky = item.step.may_alert is not None or item.step.destroys_evidence is not None
            assert (item.caution != "none") == risky, item.step.id


def test_an_unanswered_question_counts_as_not_sure() -> None:
    given = normalise_answers(tech_check(), {"devices": ["iphone"]})
    assert given["emergency_contact"] == ["unsure"]
    checklist = build_checklist(tech_check(), {"devices": ["iphone"]})
    assert checklist.items[0].step.id == "emergency_contact_is_abuser"
    assert checklist.abuser_may_notice


@pytest.mark.parametrize(
    "bad",
    [{"devices": ["flip_phone"]}, {"car": "maybe"}, {"nonsense": "yes"}, {"car": ["yes", "no"]}],
)
def test_an_unknown_answer_is_refused(bad: dict[str, object]) -> None:
    with pytest.raises(AnswerError):
        build_checklist(tech_check(), bad)
