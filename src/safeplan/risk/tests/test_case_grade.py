"""The case's grade: the latest checklist sets it, a screen only raises it, a lower grade needs a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.risk import selectors
from safeplan.risk.models import Assessment
from safeplan.testing.risk import answers_with, make_assessment, panel_html
from safeplan.testing.signin import sign_in_verified
from safeplan.timeline.models import Obligation

pytestmark = pytest.mark.django_db

REASON = "Synthetic test reason: he has moved abroad and the non-molestation order holds."


def grade_of(world: World) -> str | None:
    return selectors.case_grade(selectors.grade_rows(world.case)).level


def form_data(yes: int, **extra: str) -> dict[str, str]:
    return {
        "trigger": "review",
        "victim_view": "not_sure",
        "incidents_last_12_months": "0",
        "judgement": "none",
        **answers_with("ric", yes=yes),
        **extra,
    }


def test_a_screen_after_a_high_checklist_leaves_the_case_high(world: World) -> None:
    make_assessment(world.case, world.alice, yes=15, at=timezone.now() - timedelta(hours=2))
    screen = make_assessment(world.case, world.alice, instrument_id="stalking", yes=3)
    assert screen.level != "high"
    assert (screen.case_grade_before, screen.case_grade_after) == ("high", "high")
    assert grade_of(world) == "high"
    assert not AuditEvent.objects.filter(verb=Verb.RISK_GRADE_LOWERED).exists()


def test_a_screen_that_grades_higher_raises_the_case(world: World) -> None:
    make_assessment(world.case, world.alice, yes=2, at=timezone.now() - timedelta(hours=2))
    screen = make_assessment(world.case, world.alice, instrument_id="stalking", yes=11)
    assert (screen.case_grade_before, screen.case_grade_after) == ("standard", screen.level)
    assert grade_of(world) == screen.level != "standard"


def test_a_lower_checklist_without_a_reason_is_refused_and_writes_nothing(world: World) -> None:
    make_assessment(world.case, world.alice, yes=15, at=timezone.now() - timedelta(hours=2))
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        make_assessment(world.case, world.alice, yes=11)
    assert refused.value.message_dict == {
        "lowering_reason": [
            "This lowers the grade from High to Medium. Explain why the risk is lower: your supervisor is told."
        ]
    }
    assert Assessment.objects.count() == 1
    assert AuditEvent.objects.count() == audit_before
    assert grade_of(world) == "high"


def test_a_lower_checklist_with_a_reason_lowers_the_grade_and_tells_the_supervisor(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    make_assessment(world.case, world.alice, yes=15, at=timezone.now() - timedelta(hours=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        lower = make_assessment(world.case, world.alice, yes=11, lowering_reason=REASON)
    assert (lower.case_grade_before, lower.case_grade_after, lower.lowering_reason) == ("high", "medium", REASON)
    assert grade_of(world) == "medium"
    check = Obligation.objects.get(kind=Obligation.Kind.CHECK_LOWERED_GRADE)
    assert (check.owner, check.owner_role, check.asked_by_assessment_id) == (world.sue, "supervisor", lower.pk)
    assert check.event_id is None
    audit = AuditEvent.objects.get(verb=Verb.RISK_GRADE_LOWERED)
    assert (audit.actor, audit.case_id, audit.target_id) == (world.alice, world.case.pk, str(lower.pk))
    assert audit.detail == {"from": "high", "to": "medium", "supervisor": world.sue.pk, "obligation": check.pk}
    assert REASON not in str(audit.detail)
    assert ["sue@example.org"] in [message.to for message in mail.outbox]
    assert "Check a lowered risk grade" in next(m.body for m in mail.outbox if m.to == ["sue@example.org"])


def test_the_supervisor_sees_the_lowered_grade_in_their_queue_and_closes_it_with_a_note(world: World) -> None:
    make_assessment(world.case, world.alice, yes=15, at=timezone.now() - timedelta(hours=2))
    lower = make_assessment(world.case, world.alice, yes=11, lowering_reason=REASON)
    sue = Client()
    sign_in_verified(sue, world.sue)
    queue = sue.get("/cases/obligations/").content.decode()
    assert "Check a lowered risk grade" in queue
    assert f"/cases/{world.case.pk}/risk/{lower.pk}/" in queue
    detail = sue.get(f"/cases/{world.case.pk}/risk/{lower.pk}/").content.decode()
    assert "Lowered from High to Medium" in detail
    assert "he has moved abroad" in detail
    check = Obligation.objects.get(kind=Obligation.Kind.CHECK_LOWERED_GRADE)
    response = sue.post(
        f"/cases/{world.case.pk}/obligations/{check.pk}/complete/", {"note": "Agreed: the order holds."}
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.done_by, check.completion) == (world.sue, "manual")
    assert AuditEvent.objects.filter(verb=Verb.OBLIGATION_COMPLETED, target_id=str(check.pk)).exists()


def test_the_form_says_the_grade_goes_down_and_asks_why(world: World) -> None:
    make_assessment(world.case, world.alice, yes=15, at=timezone.now() - timedelta(hours=2))
    alice = Client()
    sign_in_verified(alice, world.alice)
    url = f"/cases/{world.case.pk}/risk/new/ric/"
    page = alice.get(url).content.decode()
    assert 'name="lowering_reason"' in page
    refused = alice.post(url, form_data(11))
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "This lowers the grade from High to Medium." in html
    assert 'href="#id_lowering_reason"' in html
    assert Assessment.objects.count() == 1
    accepted = alice.post(url, form_data(11, lowering_reason=REASON))
    assert accepted.status_code == 302
    assert Assessment.objects.latest("created_at").case_grade_after == "medium"


def test_a_screen_form_has_no_lowering_question(world: World) -> None:
    make_assessment(world.case, world.alice, yes=15)
    alice = Client()
    sign_in_verified(alice, world.alice)
    page = alice.get(f"/cases/{world.case.pk}/risk/new/stalking/").content.decode()
    assert 'name="lowering_reason"' not in page
    assert "This screen can raise the case's grade but never lower it." in page


def test_an_outsider_cannot_reach_the_form(world: World) -> None:
    make_assessment(world.case, world.alice, yes=15)
    charlie = Client()
    sign_in_verified(charlie, world.charlie)
    assert (
        charlie.post(f"/cases/{world.case.pk}/risk/new/ric/", form_data(11, lowering_reason=REASON)).status_code == 404
    )
    assert Assessment.objects.count() == 1


def test_the_panel_shows_the_grade_that_stands_not_the_latest_screen(world: World) -> None:
    make_assessment(world.case, world.alice, yes=15, at=timezone.now() - timedelta(hours=2))
    make_assessment(world.case, world.alice, instrument_id="stalking", yes=2)
    html = panel_html(world.case, world.alice)
    current = html.split('id="risk-current-grade"')[1].split("</dd>")[0]
    assert "High" in current
    assert "15 of 24 answered yes" in current
