"""Submitting the assessment form: grading, the victim's view, judgement, errors and the audit entry."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client

from safeplan.appendonly import AppendOnlyError
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.domain.risk import instrument_factor_ids
from safeplan.personas import World
from safeplan.risk.models import Assessment
from safeplan.testing.risk import answers_with
from safeplan.testing.signin import sign_in_verified

ACCOUNT = "He said he would find me wherever I go"


def form_data(yes: int = 0, instrument_id: str = "ric", **extra: str) -> dict[str, str]:
    return {
        **answers_with(instrument_id, yes=yes),
        "trigger": "new_incident",
        "victim_view": "high",
        "victim_account": ACCOUNT,
        "incidents_last_12_months": "1",
        "judgement": "none",
        **extra,
    }


@pytest.fixture
def alice(world: World) -> Client:
    client = Client()
    sign_in_verified(client, world.alice)
    return client


def new_url(world: World, instrument_id: str = "ric") -> str:
    return f"/cases/{world.case.pk}/risk/new/{instrument_id}/"


def test_the_form_asks_every_question_of_the_instrument(world: World, alice: Client) -> None:
    html = alice.get(new_url(world)).content.decode()
    for factor_id in instrument_factor_ids("ric"):
        assert f'name="{factor_id}"' in html
        assert f'id="id_{factor_id}_0"' in html
    assert '<form method="post" novalidate>' in html
    assert 'value="draft"' in html
    assert 'value="submit"' in html


def test_submitting_stores_the_grade_the_answers_and_the_victims_view(world: World, alice: Client) -> None:
    response = alice.post(new_url(world), form_data(yes=15))
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{world.case.pk}/risk/{assessment.pk}/"
    assert (assessment.level, assessment.score_level, assessment.yes_count) == ("high", "high", 15)
    assert assessment.marac_criteria == ["visible_high_risk"]
    assert (assessment.instrument_id, assessment.instrument_version) == ("ric", 1)
    assert assessment.answers == answers_with(yes=15)
    assert assessment.victim_view == "high"
    assert assessment.victim_account == ACCOUNT
    assert assessment.trigger == "new_incident"
    assert assessment.assessed_by == world.alice


def test_submitting_is_audited_without_the_victims_words(world: World, alice: Client) -> None:
    alice.post(new_url(world), form_data(yes=11))
    event = AuditEvent.objects.get(verb=Verb.RISK_ASSESSMENT_CREATED)
    assessment = Assessment.objects.get()
    assert event.actor == world.alice
    assert event.case_id == world.case.pk
    assert event.target_id == str(assessment.pk)
    assert event.detail["level"] == "medium"
    assert event.detail["instrument"] == "ric"
    assert ACCOUNT not in str(event.detail)
    assert "yes" not in {str(value) for value in event.detail.values()}


def test_answers_and_the_account_are_encrypted_at_rest(world: World, alice: Client) -> None:
    alice.post(new_url(world), form_data(yes=3))
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers, victim_account FROM risk_assessment")
        answers, account = cursor.fetchone()
    assert "current_injury" not in answers
    assert "find me" not in account


def test_unanswered_questions_are_listed_in_the_error_summary_with_links_to_their_radios(
    world: World, alice: Client
) -> None:
    data = form_data(yes=2)
    del data["threats_to_kill"], data["breaches"]
    response = alice.post(new_url(world), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    summary = html.split("govuk-error-summary__list")[1].split("</ul>")[0]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    number = {factor_id: n for n, factor_id in enumerate(instrument_factor_ids("ric"), start=1)}
    assert links == [
        ("id_threats_to_kill_0", f"Question {number['threats_to_kill']}: select yes, no or not known."),
        ("id_breaches_0", f"Question {number['breaches']}: select yes, no or not known."),
    ]
    # The answers given are kept on the page.
    assert 'id="id_current_injury_0" name="current_injury" type="radio" value="yes" checked' in html
    assert not Assessment.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.RISK_ASSESSMENT_CREATED).exists()


def test_an_empty_post_lists_every_required_answer(world: World, alice: Client) -> None:
    html = alice.post(new_url(world), {}).content.decode()
    summary = html.split("govuk-error-summary__list")[1].split("</ul>")[0]
    # Every question, plus the trigger, the victim's view, the incidents and the judgement.
    assert summary.count("<li>") == len(instrument_factor_ids("ric")) + 4


def test_professional_judgement_raises_the_grade_with_a_reason(world: World, alice: Client) -> None:
    alice.post(new_url(world), form_data(yes=2, judgement="high", judgement_reason="Strangled last week"))
    assessment = Assessment.objects.get()
    assert (assessment.score_level, assessment.level, assessment.judgement) == ("standard", "high", "high")
    assert assessment.judgement_reason == "Strangled last week"
    assert "professional_judgement" in assessment.marac_criteria


def test_raising_without_a_reason_is_refused(world: World, alice: Client) -> None:
    html = alice.post(new_url(world), form_data(yes=2, judgement="medium", judgement_reason="  ")).content.decode()
    assert "Explain why your professional judgement raises the grade." in html
    assert 'href="#id_judgement_reason"' in html
    assert not Assessment.objects.exists()


def test_lowering_the_grade_by_judgement_is_refused_with_a_clear_message(world: World, alice: Client) -> None:
    html = alice.post(
        new_url(world), form_data(yes=20, judgement="medium", judgement_reason="I do not think so")
    ).content.decode()
    assert "Professional judgement can raise the grade but never lower it" in html
    assert "The answers give high risk" in html
    assert 'href="#id_judgement_0"' in html
    assert not Assessment.objects.exists()


def test_potential_escalation_and_repeat_come_from_incidents_and_the_last_referral(world: World, alice: Client) -> None:
    from django.utils import timezone

    recent = (timezone.localdate().replace(day=1)).isoformat()
    alice.post(new_url(world), form_data(yes=1, incidents_last_12_months="3", last_marac_referral=recent))
    assessment = Assessment.objects.get()
    assert assessment.level == "standard"
    assert assessment.marac_criteria == ["potential_escalation", "repeat"]
    assert assessment.escalation_from == 3


def test_a_local_escalation_threshold_is_used_and_stored(world: World, alice: Client, settings: object) -> None:
    settings.RISK_ESCALATION_INCIDENTS = 5  # type: ignore[attr-defined]
    alice.post(new_url(world), form_data(incidents_last_12_months="4"))
    assessment = Assessment.objects.get()
    assert assessment.marac_criteria == []
    assert assessment.escalation_from == 5


def test_a_future_referral_date_and_a_negative_count_are_refused(world: World, alice: Client) -> None:
    html = alice.post(
        new_url(world), form_data(incidents_last_12_months="-2", last_marac_referral="2999-01-01")
    ).content.decode()
    assert "The number of incidents cannot be below 0." in html
    assert "The last MARAC referral must be today or in the past." in html
    assert not Assessment.objects.exists()


def test_the_stalking_screen_is_graded_on_its_own_thresholds(world: World, alice: Client) -> None:
    alice.post(new_url(world, "stalking"), form_data(yes=8, instrument_id="stalking"))
    assessment = Assessment.objects.get()
    assert (assessment.instrument_id, assessment.level, assessment.factor_count) == ("stalking", "high", 16)


def test_a_trigger_event_must_belong_to_the_case(world: World, alice: Client) -> None:
    html = alice.post(new_url(world), form_data(trigger_event_id="987654")).content.decode()
    assert "The event that led to this assessment cannot be found." in html
    assert not Assessment.objects.exists()


def test_the_first_assessment_suggests_the_initial_trigger(world: World, alice: Client) -> None:
    html = alice.get(new_url(world)).content.decode()
    assert 'name="trigger" type="radio" value="initial" checked' in html


def test_a_closed_case_cannot_be_assessed(world: World, alice: Client) -> None:
    from django.utils import timezone

    world.case.status, world.case.closed_at = "closed", timezone.now()
    world.case.save()
    assert "Reopen it before assessing" in alice.get(new_url(world)).content.decode()
    alice.post(new_url(world), form_data())
    assert not Assessment.objects.exists()


def test_a_submitted_assessment_cannot_be_changed(world: World, alice: Client) -> None:
    alice.post(new_url(world), form_data(yes=3))
    assessment = Assessment.objects.get()
    assessment.level = "high"
    with pytest.raises(AppendOnlyError, match="cannot be changed"):
        assessment.save()
    assert Assessment.objects.get().level == "standard"
