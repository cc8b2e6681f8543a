"""The victim's address never reaches a page, list, title or log for anyone without a need to know."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import SECRET_ADDRESS, World
from safeplan.testing.leaks import crawl
from safeplan.testing.signin import sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["wendy", "mark", "adam", "charlie", "south_idva"])
def test_the_address_is_on_no_page_for_a_user_without_need_to_know(world: World, who: str) -> None:
    user = getattr(world, who)
    client = Client()
    sign_in_verified(client, user)
    pages = crawl(client, world)
    assert len(pages) > 10
    leaks = [path for path, html in pages.items() if SECRET_ADDRESS in html or "Hidden Lane" in html]
    assert leaks == []


def test_the_address_is_hidden_until_revealed_even_for_the_officer(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    pages = crawl(client, world)
    assert pages[f"/cases/{world.case.pk}/"], "the officer can open the case"
    assert [path for path, html in pages.items() if "Hidden Lane" in html] == []
    assert not AuditEvent.objects.filter(verb=Verb.LOCATION_REVEALED).exists()


def test_revealing_shows_the_address_once_and_audits_it(world: World, caplog: pytest.LogCaptureFixture) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    with caplog.at_level(logging.DEBUG):
        response = client.post(f"/cases/{world.case.pk}/locations/{world.location.pk}/reveal/")
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET_ADDRESS in html
    assert "Hidden Lane" not in html.split("<title>")[1].split("</title>")[0]
    assert "no-store" in response.headers["Cache-Control"]
    event = AuditEvent.objects.get(verb=Verb.LOCATION_REVEALED)
    assert event.actor == world.alice
    assert event.target_id == str(world.location.pk)
    assert "Hidden Lane" not in str(event.detail)
    assert "Hidden Lane" not in caplog.text


@pytest.mark.parametrize("who", ["wendy", "mark", "charlie"])
def test_revealing_is_refused_without_need_to_know_and_writes_nothing(world: World, who: str) -> None:
    client = Client()
    sign_in_verified(client, getattr(world, who))
    before = AuditEvent.objects.filter(verb=Verb.LOCATION_REVEALED).count()
    response = client.post(f"/cases/{world.case.pk}/locations/{world.location.pk}/reveal/")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(verb=Verb.LOCATION_REVEALED).count() == before


def test_the_address_is_stored_encrypted(world: World) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM cases_confidentiallocation WHERE id = %s", [world.location.pk])
        stored = cursor.fetchone()[0]
    assert "Hidden" not in stored
    assert stored.startswith("v1:")
