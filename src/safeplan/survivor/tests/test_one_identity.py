"""One identity per side (issue 13): a staff sign-in closes any open survivor space in that browser,
a space never opens inside a staff session, and nothing on the survivor side ends a staff session."""

from __future__ import annotations

import pytest
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.survivor import session
from safeplan.survivor.models import Vault
from safeplan.testing.signin import code_for, confirmed_device, sign_in_password, sign_in_verified
from safeplan.testing.survivor import create_space

pytestmark = pytest.mark.django_db


def space_is_open(client: Client) -> bool:
    response = client.get("/s/h/")
    return response.status_code == 200 and session.SESSION_KEY in client.session


def test_signing_in_as_staff_closes_an_open_space(world: World) -> None:
    client = Client()
    words = create_space(client)
    assert space_is_open(client)
    sign_in_password(client, "alice")
    assert session.SESSION_KEY not in client.session
    client.post("/staff/second-factor/", {"code": code_for(confirmed_device(world.alice))})
    assert client.get("/staff/").status_code == 200
    assert not space_is_open(client)
    # The space is closed, not lost: its words still open it (in a browser without a staff session).
    other = Client()
    assert other.post("/s/o/", {"passphrase": words}).status_code == 302
    assert space_is_open(other)


def test_a_cross_site_link_to_the_survivor_exit_does_not_sign_a_professional_out(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    response = client.get("/s/x/", headers={"sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate"})
    assert response.status_code == 303
    assert client.get("/staff/").status_code == 200
    beacon = client.post("/s/x/", headers={"sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors"})
    assert beacon.status_code == 204
    assert client.get("/staff/").status_code == 200
    assert not AuditEvent.objects.filter(verb=Verb.LOGOUT, actor=world.alice).exists()


def test_a_space_does_not_open_or_start_inside_a_staff_session(world: World) -> None:
    words = create_space(Client())
    client = Client()
    sign_in_verified(client, world.alice)
    vaults = Vault.objects.count()

    started = client.post("/s/n/")
    assert started.status_code == 409
    assert "signed in to the staff side" in started.content.decode()
    assert Vault.objects.count() == vaults

    opened = client.post("/s/o/", {"passphrase": words})
    assert opened.status_code == 409
    page = opened.content.decode()
    assert "govuk-error-summary" in page
    assert words.split()[0] not in page
    assert session.SESSION_KEY not in client.session
    assert client.get("/staff/").status_code == 200


def test_the_survivor_exit_still_ends_a_survivor_session_whole(world: World) -> None:
    client = Client()
    create_space(client)
    client.get("/s/x/")
    assert not space_is_open(client)
    assert dict(client.session.items()) == {}
