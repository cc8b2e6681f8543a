"""The guided tech safety check on a case: asked with the victim, one ordered checklist, audited, 404 outside."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import CaseShare
from safeplan.personas import World
from safeplan.techsafety.models import TechCheck
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.techsafety import ANSWERS, check_url


def test_it_asks_the_questions_and_saves_one_check_with_its_audit_entry(world: World, alice_client: Client) -> None:
    page = alice_client.get(check_url(world, "check/")).content.decode()
    assert "Is that person an emergency contact on your phone, watch or fitness tracker?" in page
    response = alice_client.post(check_url(world, "check/"), ANSWERS)
    assert response.status_code == 302
    assert response["Location"] == check_url(world)
    saved = TechCheck.objects.get(case=world.case)
    assert saved.answers["devices"] == ["iphone", "android_phone"]
    assert saved.answers["location_shared"] == ["unsure"]
    event = AuditEvent.objects.get(verb=Verb.TECH_CHECK_RECORDED)
    assert (event.case_id, event.target_id) == (world.case.pk, str(saved.pk))


def test_the_checklist_puts_the_emergency_contact_first_and_says_plan_it_first(
    world: World, alice_client: Client
) -> None:
    alice_client.post(check_url(world, "check/"), ANSWERS)
    html = alice_client.get(check_url(world)).content.decode()
    assert html.index('id="step-emergency_contact_is_abuser"') < html.index('id="step-location_shared_with_abuser"')
    assert html.index('id="step-location_shared_with_abuser"') < html.index('id="step-record_before_changing"')
    assert html.index('id="step-record_before_changing"') < html.index('id="step-iphone_safety_check"')
    assert 'id="notice-caution"' in html
    assert "Plan this first" in html
    assert f"/cases/{world.case.pk}/incidents/new/" in html
    assert "step-car" not in html
    assert 'id="step-satnav_history"' not in html
    assert AuditEvent.objects.filter(verb=Verb.TECH_CHECK_VIEWED, case_id=world.case.pk).count() == 1


def test_the_answers_are_encrypted_at_rest(world: World, alice_client: Client) -> None:
    alice_client.post(check_url(world, "check/"), ANSWERS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM techsafety_techcheck")
        (stored,) = cursor.fetchone()
    assert "iphone" not in stored
    assert "emergency_contact" not in stored


def test_a_bad_answer_is_refused_with_a_message_and_nothing_saved(world: World, alice_client: Client) -> None:
    response = alice_client.post(check_url(world, "check/"), {**ANSWERS, "devices": ["flip_phone"], "car": "maybe"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select only the choices shown" in html
    assert not TechCheck.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.TECH_CHECK_RECORDED).exists()


def test_an_unanswered_question_says_what_to_do(world: World, alice_client: Client) -> None:
    response = alice_client.post(check_url(world, "check/"), {"devices": ["iphone"]})
    assert response.status_code == 200
    assert "Select yes, no or not sure" in response.content.decode()
    assert not TechCheck.objects.exists()


def test_the_form_shows_the_last_answers_again(world: World, alice_client: Client) -> None:
    alice_client.post(check_url(world, "check/"), ANSWERS)
    html = alice_client.get(check_url(world, "check/")).content.decode()
    assert re.search(r'<input[^>]*value="iphone"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="ipad"[^>]*checked', html)


def test_outsiders_get_404_and_leave_nothing(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.charlie)
    for tail in ("", "check/"):
        assert client.get(check_url(world, tail)).status_code == 404
    assert client.post(check_url(world, "check/"), ANSWERS).status_code == 404
    assert not TechCheck.objects.exists()


def test_a_team_the_case_is_shared_with_can_read_but_not_record(world: World, alice_client: Client) -> None:
    alice_client.post(check_url(world, "check/"), ANSWERS)
    CaseShare.objects.filter(pk=world.share.pk).update(expires_at=timezone.now() + timedelta(days=1))
    client = Client()
    sign_in_verified(client, world.olga)
    assert client.get(check_url(world)).status_code == 200
    assert client.get(check_url(world, "check/")).status_code == 404
    assert client.post(check_url(world, "check/"), ANSWERS).status_code == 404
    assert TechCheck.objects.count() == 1


def test_the_case_page_has_a_tech_safety_panel(world: World, alice_client: Client) -> None:
    html = alice_client.get(f"/cases/{world.case.pk}/").content.decode()
    assert 'id="tech-safety"' in html
    assert "No tech safety check yet." in html
    alice_client.post(check_url(world, "check/"), ANSWERS)
    html = alice_client.get(f"/cases/{world.case.pk}/").content.decode()
    assert "Last checked" in html
