"""Sessions end after 15 idle minutes, and at the absolute limit however active (SessionTimeoutMiddleware)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.test import Client
from pytest_django.fixtures import Settings

from safeplan.accounts import signin
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified

pytestmark = pytest.mark.django_db


def set_clock(client: Client, *, signed_in_ago: float, last_seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[signin.SIGNED_IN_AT] = now - signed_in_ago
    session[signin.LAST_SEEN_AT] = now - last_seen_ago
    session.save()


def test_the_idle_limit_is_fifteen_minutes_by_default() -> None:
    assert django_settings.SESSION_IDLE_SECONDS == 15 * 60


def test_fifteen_idle_minutes_end_the_session_with_a_message(client: Client, world: World) -> None:
    sign_in_verified(client, world.alice)
    set_clock(client, signed_in_ago=20 * 60, last_seen_ago=15 * 60 + 1)
    response = client.get("/staff/admin/users/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?signed_out=idle&next=")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 15 minutes without activity" in page
    assert AuditEvent.objects.filter(verb=Verb.LOGOUT).get().detail == {"reason": "idle"}


def test_activity_within_the_limit_keeps_the_session_and_moves_the_clock(client: Client, world: World) -> None:
    sign_in_verified(client, world.alice)
    set_clock(client, signed_in_ago=60 * 60, last_seen_ago=14 * 60)
    assert client.get("/staff/").status_code == 200
    assert time.time() - client.session[signin.LAST_SEEN_AT] < 5


def test_the_absolute_limit_ends_an_active_session(client: Client, world: World) -> None:
    sign_in_verified(client, world.alice)
    set_clock(client, signed_in_ago=django_settings.SESSION_ABSOLUTE_SECONDS + 1, last_seen_ago=1)
    response = client.get("/staff/")
    assert response["Location"].startswith("/staff/login/?signed_out=absolute")
    assert "_auth_user_id" not in client.session
    assert "the longest allowed" in client.get(response["Location"]).content.decode()


def test_the_clock_moving_on_ends_the_session(client: Client, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in_verified(client, world.alice)
    assert client.get("/staff/").status_code == 200
    later = time.time() + 16 * 60
    monkeypatch.setattr(signin, "now", lambda: later)
    assert client.get("/staff/")["Location"].startswith("/staff/login/?signed_out=idle")


def test_the_idle_limit_follows_the_setting(client: Client, world: World, settings: Settings) -> None:
    settings.SESSION_IDLE_SECONDS = 5 * 60
    sign_in_verified(client, world.alice)
    set_clock(client, signed_in_ago=6 * 60, last_seen_ago=5 * 60 + 1)
    response = client.get("/staff/")
    assert "You were signed out after 5 minutes without activity" in client.get(response["Location"]).content.decode()


def test_a_half_signed_in_session_times_out_too(client: Client, world: World) -> None:
    client.post("/staff/login/", {"username": "alice", "password": "a-long-test-password-1"})
    set_clock(client, signed_in_ago=16 * 60, last_seen_ago=16 * 60)
    assert client.get("/staff/second-factor/")["Location"].startswith("/staff/login/?signed_out=idle")


def test_the_survivor_space_is_left_alone(client: Client, world: World) -> None:
    sign_in_verified(client, world.alice)
    set_clock(client, signed_in_ago=16 * 60, last_seen_ago=16 * 60)
    client.get("/s/anything/")
    assert "_auth_user_id" in client.session


def test_the_idle_limit_comes_from_the_environment() -> None:
    program = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_IDLE_SECONDS)"
    environment = {**os.environ, "SAFEPLAN_IDLE_TIMEOUT_SECONDS": "600", "DJANGO_SETTINGS_MODULE": "safeplan.settings"}
    result = subprocess.run(
        [sys.executable, "-c", program], env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "600"
