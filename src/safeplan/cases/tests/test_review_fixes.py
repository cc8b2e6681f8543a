"""Regression tests for defects found in review of the case pages."""

from __future__ import annotations

from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Person
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified


def test_acknowledging_a_handover_is_audited(world: World, client: Client) -> None:
    sign_in_verified(client, world.bob)
    response = client.post(f"/cases/{world.case.pk}/handovers/{world.handover.pk}/acknowledge/")
    assert response.status_code == 302
    world.handover.refresh_from_db()
    assert world.handover.acknowledged_at is not None
    event = AuditEvent.objects.get(verb=Verb.CASE_HANDOVER_ACKNOWLEDGED)
    assert event.actor == world.bob
    assert event.case_id == world.case.pk
    assert event.target_id == str(world.handover.pk)


def test_acknowledging_a_handover_twice_is_audited_once(world: World, client: Client) -> None:
    sign_in_verified(client, world.bob)
    url = f"/cases/{world.case.pk}/handovers/{world.handover.pk}/acknowledge/"
    client.post(url)
    client.post(url)
    assert AuditEvent.objects.filter(verb=Verb.CASE_HANDOVER_ACKNOWLEDGED).count() == 1


def test_an_outsider_cannot_acknowledge_a_handover(world: World, client: Client) -> None:
    sign_in_verified(client, world.charlie)
    response = client.post(f"/cases/{world.case.pk}/handovers/{world.handover.pk}/acknowledge/")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(verb=Verb.CASE_HANDOVER_ACKNOWLEDGED).exists()


def test_person_id_zero_is_not_found_rather_than_adding_a_person(world: World, client: Client) -> None:
    sign_in_verified(client, world.alice)
    before = Person.objects.count()
    response = client.post(f"/cases/{world.case.pk}/people/0/", {"role": "child", "full_name": "Kit"})
    assert response.status_code == 404
    assert Person.objects.count() == before
    assert not AuditEvent.objects.filter(verb=Verb.PERSON_ADDED).exists()


def test_the_safe_contact_form_asks_browsers_not_to_remember_details(world: World) -> None:
    from django.test import Client

    from safeplan.testing.signin import sign_in_verified

    client = Client()
    sign_in_verified(client, world.alice)
    html = client.get(f"/cases/{world.case.pk}/safe-contact/").content.decode()
    for name in ("phone_number", "email", "code_word"):
        tag = html.split(f'name="{name}"')[0].rsplit("<input", 1)[1] + html.split(f'name="{name}"')[1].split(">")[0]
        assert 'autocomplete="off"' in tag, name
