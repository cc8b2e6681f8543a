"""The "refer to MARAC" prompt and the recorded decision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.marac.models import MaracDecision
from safeplan.marac.services.decisions import marac_decision_record
from safeplan.personas import World
from safeplan.testing.risk import make_assessment, panel_html
from safeplan.testing.signin import sign_in_verified

PROMPT = 'id="risk-marac-prompt"'


@pytest.fixture
def alice(world: World) -> Client:
    client = Client()
    sign_in_verified(client, world.alice)
    return client


@pytest.mark.parametrize(
    ("yes", "extra"),
    [
        (14, {}),  # visible high risk
        (0, {"judgement": "high", "judgement_reason": "Threats with a knife"}),  # professional judgement
        (3, {"incidents": 3}),  # potential escalation, grade standard
        (0, {"last_marac_referral": "recent"}),  # repeat, grade standard
    ],
)
def test_a_high_grade_or_any_criterion_prompts_a_referral(world: World, yes: int, extra: dict[str, object]) -> None:
    if extra.get("last_marac_referral") == "recent":
        extra["last_marac_referral"] = timezone.localdate() - timedelta(days=100)
    assessment = make_assessment(world.case, world.alice, yes=yes, **extra)  # type: ignore[arg-type]
    assert assessment.marac_indicated
    html = panel_html(world.case, world.alice)
    assert PROMPT in html
    assert "Refer to MARAC" in html
    assert f"/risk/{assessment.pk}/marac-decision/" in html


@pytest.mark.parametrize("yes", [0, 9, 13])
def test_no_prompt_without_a_high_grade_or_a_criterion(world: World, yes: int) -> None:
    make_assessment(world.case, world.alice, yes=yes, incidents=2)
    assert PROMPT not in panel_html(world.case, world.alice)


def test_a_medium_grade_raised_by_judgement_alone_does_not_prompt(world: World) -> None:
    make_assessment(world.case, world.alice, yes=2, judgement="medium", judgement_reason="Recent separation")
    assert PROMPT not in panel_html(world.case, world.alice)


def test_a_later_lower_checklist_does_not_drop_an_undecided_referral(world: World) -> None:
    high = make_assessment(world.case, world.alice, yes=16, at=timezone.now() - timedelta(days=30))
    make_assessment(world.case, world.alice, yes=2, lowering_reason="He has moved abroad; the order holds.")
    html = panel_html(world.case, world.alice)
    assert PROMPT in html
    assert f"/risk/{high.pk}/marac-decision/" in html


def test_a_decision_after_the_assessment_answers_the_prompt(world: World) -> None:
    high = make_assessment(world.case, world.alice, yes=16, at=timezone.now() - timedelta(days=30))
    marac_decision_record(actor=world.alice, assessment=high, decision="refer", reason="Visible high risk")
    make_assessment(world.case, world.alice, yes=2, lowering_reason="He has moved abroad; the order holds.")
    html = panel_html(world.case, world.alice)
    assert PROMPT not in html
    assert "Refer to MARAC (decided" in html


def test_a_later_screen_never_erases_the_referral_or_lowers_the_grade(world: World) -> None:
    high = make_assessment(world.case, world.alice, yes=15, at=timezone.now() - timedelta(days=1))
    marac_decision_record(actor=world.alice, assessment=high, decision="refer", reason="Visible high risk")
    make_assessment(world.case, world.alice, instrument_id="stalking", yes=4)
    html = panel_html(world.case, world.alice)
    assert "Refer to MARAC (decided" in html
    current = html.split('id="risk-current-grade"')[1].split("</dd>")[0]
    assert "High" in current
    assert "a screen can raise the case's grade but never lower it" in current


def test_the_case_page_shows_the_prompt(world: World, alice: Client) -> None:
    make_assessment(world.case, world.alice, yes=15)
    html = alice.get(f"/cases/{world.case.pk}/").content.decode()
    assert PROMPT in html


def test_recording_the_decision_replaces_the_prompt_and_is_audited(world: World, alice: Client) -> None:
    assessment = make_assessment(world.case, world.alice, yes=15)
    url = f"/cases/{world.case.pk}/risk/{assessment.pk}/marac-decision/"
    assert alice.get(url).status_code == 200
    response = alice.post(url, {"decision": "refer", "reason": "Visible high risk: 15 of 24"})
    assert response.status_code == 302
    decision = MaracDecision.objects.get()
    assert (decision.assessment, decision.decision, decision.decided_by) == (assessment, "refer", world.alice)
    assert decision.reason == "Visible high risk: 15 of 24"
    event = AuditEvent.objects.get(verb=Verb.MARAC_DECISION_RECORDED)
    assert event.case_id == world.case.pk
    assert event.target_id == str(decision.pk)
    assert event.detail == {
        "assessment": assessment.pk,
        "decision": "refer",
        "level": "high",
        "criteria": ["visible_high_risk"],
    }
    assert "15 of 24" not in str(event.detail)
    html = panel_html(world.case, world.alice)
    assert PROMPT not in html
    assert "Refer to MARAC (decided" in html


def test_a_decision_not_to_refer_needs_a_reason_and_is_kept(world: World, alice: Client) -> None:
    assessment = make_assessment(world.case, world.alice, yes=15)
    url = f"/cases/{world.case.pk}/risk/{assessment.pk}/marac-decision/"
    html = alice.post(url, {"decision": "do_not_refer", "reason": " "}).content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_reason"' in html
    assert not MaracDecision.objects.exists()
    alice.post(url, {"decision": "do_not_refer", "reason": "Already heard at MARAC last week"})
    assert MaracDecision.objects.get().decision == "do_not_refer"
    detail = alice.get(f"/cases/{world.case.pk}/risk/{assessment.pk}/").content.decode()
    assert "Already heard at MARAC last week" in detail


def test_an_unknown_decision_is_refused(world: World, alice: Client) -> None:
    assessment = make_assessment(world.case, world.alice, yes=15)
    url = f"/cases/{world.case.pk}/risk/{assessment.pk}/marac-decision/"
    html = alice.post(url, {"decision": "maybe", "reason": "x"}).content.decode()
    assert 'href="#id_decision_0"' in html
    assert not MaracDecision.objects.exists()


def test_a_later_decision_stands_and_the_earlier_one_stays_on_record(world: World, alice: Client) -> None:
    assessment = make_assessment(world.case, world.alice, yes=15)
    url = f"/cases/{world.case.pk}/risk/{assessment.pk}/marac-decision/"
    alice.post(url, {"decision": "do_not_refer", "reason": "Victim declined"})
    alice.post(url, {"decision": "refer", "reason": "Victim now agrees"})
    assert MaracDecision.objects.count() == 2
    assert "Refer to MARAC (decided" in panel_html(world.case, world.alice)


def test_the_next_assessment_starts_from_the_last_referral(world: World, alice: Client) -> None:
    ten_days_ago = timezone.now() - timedelta(days=10)
    assessment = make_assessment(world.case, world.alice, yes=15, at=ten_days_ago)
    marac_decision_record(
        actor=world.alice, assessment=assessment, decision="refer", reason="Visible high risk", decided_at=ten_days_ago
    )
    html = alice.get(f"/cases/{world.case.pk}/risk/new/ric/").content.decode()
    assert f'name="last_marac_referral" value="{timezone.localdate(ten_days_ago):%d/%m/%Y}"' in html


def test_a_referral_made_today_is_not_a_previous_referral(world: World, alice: Client) -> None:
    assessment = make_assessment(world.case, world.alice, yes=15)
    url = f"/cases/{world.case.pk}/risk/{assessment.pk}/marac-decision/"
    alice.post(url, {"decision": "refer", "reason": "Visible high risk"})
    html = alice.get(f"/cases/{world.case.pk}/risk/new/ric/").content.decode()
    assert 'name="last_marac_referral" value=' not in html
    same_day = make_assessment(world.case, world.alice, yes=15, last_marac_referral=timezone.localdate())
    assert "repeat" not in same_day.marac_criteria
