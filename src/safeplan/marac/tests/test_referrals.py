"""Referring a case to MARAC: prefilled from the case, judged by the area's rules, queued for its coordinator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Person
from safeplan.marac.models import MaracReferral
from safeplan.marac.services.decisions import marac_decision_record
from safeplan.marac.services.referrals import referral_return
from safeplan.personas import SECRET_ADDRESS, World
from safeplan.risk.selectors import known_last_referral
from safeplan.testing.access import snapshot
from safeplan.testing.marac import marac_world, refer
from safeplan.testing.risk import make_assessment, world_assessment
from safeplan.testing.signin import sign_in_verified

FORM = {"afraid_of": "Sam Suspect and his brother", "victim_aware": "yes", "consent": "given"}


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def test_the_form_shows_what_the_case_holds_and_never_the_hidden_address(world: World) -> None:
    marac_world(world)
    world_assessment(world)
    Person.objects.create(case=world.case, role=Person.Role.CHILD, full_name="Kit Victim", relationship="son")
    world.case.safe_contact.code_word = "bluebird"
    world.case.safe_contact.save()
    html = signed_in(world.alice).get(f"/cases/{world.case.pk}/marac/refer/").content.decode()
    for held in ("Vicky Victim", "Sam Suspect", "Kit Victim", "15 of 24 answered yes", "Visible high risk"):
        assert held in html, held
    assert "Phone call to the safe number" in html
    assert SECRET_ADDRESS not in html
    assert "Hidden Lane" not in html
    assert "bluebird" not in html
    assert "07700 900001" not in html


def test_sending_it_queues_it_for_the_areas_coordinator_only(world: World) -> None:
    area = marac_world(world).area
    world_assessment(world)
    response = signed_in(world.alice).post(f"/cases/{world.case.pk}/marac/refer/", {"area": area.pk, **FORM})
    referral = MaracReferral.objects.get()
    assert response.status_code == 302
    assert referral.status == MaracReferral.Status.SUBMITTED
    assert referral.prefill["victim"][0]["name"] == "Vicky Victim"
    assert referral.prefill["assessment"]["yes_count"] == 15
    assert referral.grounds == ["visible_high_risk"]
    assert SECRET_ADDRESS not in str(referral.prefill)
    event = AuditEvent.objects.get(verb=Verb.MARAC_REFERRAL_MADE)
    assert event.case_id == world.case.pk
    assert event.detail["consent"] == "given"

    queue = signed_in(world.mark).get("/marac/referrals/").content.decode()
    assert world.case.reference in queue
    assert world.case.reference not in signed_in(world.south_marac).get("/marac/referrals/").content.decode()
    for outsider in (world.alice, world.pat, world.adam):
        assert signed_in(outsider).get("/marac/referrals/").status_code == 404
    detail = signed_in(world.mark).get(f"/marac/referrals/{referral.pk}/")
    assert detail.status_code == 200
    assert "Sam Suspect and his brother" in detail.content.decode()
    assert AuditEvent.objects.filter(verb=Verb.MARAC_REFERRAL_VIEWED, actor=world.mark).count() == 1


def test_a_decision_to_refer_on_the_same_day_is_not_a_previous_referral(world: World) -> None:
    assessment = world_assessment(world)
    marac_decision_record(actor=world.alice, assessment=assessment, decision="refer", reason="criteria met")
    referral = refer(world)
    assert "repeat" not in referral.grounds
    assert referral.previous_referral_on is None
    # ...and the referral itself is not a previous one for an assessment the same day.
    assert known_last_referral(world.case) is None


def test_an_incident_within_12_months_after_an_earlier_referral_is_a_repeat(world: World) -> None:
    earlier = refer(world)
    # 100 days back can cross a change of the clocks: the day is the London day of that moment.
    referred_at = timezone.now() - timedelta(days=100)
    MaracReferral.objects.filter(pk=earlier.pk).update(referred_at=referred_at, status=MaracReferral.Status.ACCEPTED)
    make_assessment(world.case, world.alice, yes=15)
    again = refer(world)
    assert "repeat" in again.grounds
    assert again.previous_referral_on == timezone.localdate(referred_at)


def test_a_returned_referral_does_not_make_a_repeat(world: World) -> None:
    earlier = refer(world)
    referral_return(actor=world.mark, referral=earlier, reason="wrong area")
    MaracReferral.objects.filter(pk=earlier.pk).update(referred_at=timezone.now() - timedelta(days=100))
    assert "repeat" not in refer(world).grounds


def test_the_case_page_says_when_the_case_leaves_the_repeat_window(world: World) -> None:
    earlier = refer(world)
    day = timezone.localdate() - timedelta(days=30)
    MaracReferral.objects.filter(pk=earlier.pk).update(referred_at=timezone.now() - timedelta(days=30))
    html = signed_in(world.alice).get(f"/cases/{world.case.pk}/").content.decode()
    until = (
        day.replace(year=day.year + 1)
        if not (day.month == 2 and day.day == 29)
        else day.replace(day=28, year=day.year + 1)
    )
    assert f"Until {until:%-d %b %Y}, any new incident makes this a repeat" in html


def test_below_the_automatic_score_an_area_that_asks_for_consent_refuses_without_it(world: World) -> None:
    area = marac_world(world).area
    area.automatic_from = 17
    area.consent_needed_below_automatic = True
    area.save()
    world_assessment(world)  # 15 yes answers
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        refer(world, consent="not_asked_unsafe", no_consent_reason="he reads her texts", lawful_basis="prevent_crime")
    assert "only from 17 yes answers" in str(refused.value)
    assert snapshot() == before
    make_assessment(world.case, world.alice, yes=18)
    made = refer(
        world, consent="not_asked_unsafe", no_consent_reason="he reads her texts", lawful_basis="prevent_crime"
    )
    assert made.automatic
    assert made.lawful_basis == "prevent_crime"


def test_without_consent_the_reason_and_lawful_basis_are_required(world: World) -> None:
    world_assessment(world)
    with pytest.raises(ValidationError) as refused:
        refer(world, consent="refused", no_consent_reason="she is scared of reprisals")
    assert "lawful basis" in str(refused.value)
    assert not MaracReferral.objects.exists()


def test_a_case_meeting_none_of_the_areas_thresholds_is_not_referred(world: World) -> None:
    marac_world(world)
    make_assessment(world.case, world.alice, yes=3)
    with pytest.raises(ValidationError) as refused:
        refer(world)
    assert "none of this MARAC's referral criteria" in str(refused.value)


def test_the_area_threshold_is_the_areas_own(world: World) -> None:
    area = marac_world(world).area
    area.visible_high_risk_from = 12
    area.save()
    make_assessment(world.case, world.alice, yes=12)
    assert refer(world).grounds == ["visible_high_risk"]


def test_an_agency_that_signed_no_protocol_cannot_refer(world: World) -> None:
    marac_world(world).protocol.signatures.filter(agency=world.agency).delete()
    world_assessment(world)
    html = signed_in(world.alice).get(f"/cases/{world.case.pk}/marac/refer/").content.decode()
    assert "has not signed the information sharing protocol" in html


def test_returning_it_tells_the_referrer_why(world: World) -> None:
    referral = refer(world)
    response = signed_in(world.mark).post(f"/marac/referrals/{referral.pk}/return/", {"reason": "Lives in Westshire"})
    assert response.status_code == 302
    html = signed_in(world.alice).get(f"/cases/{world.case.pk}/marac/referrals/{referral.pk}/").content.decode()
    assert "Returned to the referrer" in html
    assert "Lives in Westshire" in html
    assert AuditEvent.objects.filter(verb=Verb.MARAC_REFERRAL_RETURNED).count() == 1
    # Only a waiting referral can be returned.
    again = signed_in(world.mark).post(f"/marac/referrals/{referral.pk}/return/", {"reason": "twice"})
    assert "already been dealt with" in again.content.decode()


def _queue_queries(world: World) -> int:
    client = signed_in(world.mark)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/marac/referrals/").status_code == 200
    return len(queries)


def test_the_queue_does_not_add_queries_per_referral(world: World) -> None:
    first = refer(world)
    few = _queue_queries(world)
    for _ in range(12):
        MaracReferral.objects.create(
            case=first.case,
            area=first.area,
            assessment=first.assessment,
            grounds=first.grounds,
            prefill=first.prefill,
            afraid_of="x",
            victim_aware="yes",
            consent="given",
            referred_by=world.bob,
        )
    assert _queue_queries(world) == few


def test_a_confidential_address_typed_into_the_referral_is_refused(world: World) -> None:
    area = marac_world(world).area
    world_assessment(world)
    data = {"area": area.pk, **FORM, "not_safe_to_talk_to": "anyone at 1 Hidden Lane"}
    html = signed_in(world.alice).post(f"/cases/{world.case.pk}/marac/refer/", data).content.decode()
    assert "govuk-error-summary" in html
    assert not MaracReferral.objects.exists()
