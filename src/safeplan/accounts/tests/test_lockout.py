"""Five failed sign-ins lock the username for 30 minutes, with a clear page (django-axes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from safeplan.accounts import resets
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import PASSWORD, World
from safeplan.testing.resets import approved_reset
from safeplan.testing.signin import code_for, confirmed_device, sign_in_password, sign_in_verified

pytestmark = pytest.mark.django_db

LOCKED = "This account is locked for 30 minutes after 5 failed sign-in attempts."


def fail(client: Client, username: str, times: int) -> list[int]:
    return [sign_in_password(client, username, "wrong-password").status_code for _ in range(times)]  # type: ignore[attr-defined]


def test_the_fifth_failure_locks_the_account_with_a_clear_page(client: Client, world: World) -> None:
    statuses = fail(client, "alice", 5)
    assert statuses == [200, 200, 200, 200, 429]
    response = sign_in_password(client, "alice", "wrong-password")
    html = response.content.decode()  # type: ignore[attr-defined]
    assert LOCKED in html
    assert "Ask your agency's administrator" in html
    assert "Traceback" not in html
    assert "Forbidden" not in html
    assert AuditEvent.objects.filter(verb=Verb.LOCKED_OUT, target_id=str(world.alice.pk)).count() == 1


def test_the_right_password_is_refused_during_the_lockout(client: Client, world: World) -> None:
    fail(client, "alice", 5)
    response = sign_in_password(client, "alice", PASSWORD)
    assert response.status_code == 429  # type: ignore[attr-defined]
    assert LOCKED in response.content.decode()  # type: ignore[attr-defined]
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(verb=Verb.LOGIN).exists()
    assert AuditEvent.objects.filter(verb=Verb.LOGIN_FAILED).last().detail["reason"] == "locked_out"  # type: ignore[union-attr]


def test_after_thirty_minutes_the_right_password_works_again(client: Client, world: World) -> None:
    fail(client, "alice", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in_password(client, "alice", PASSWORD).status_code == 302  # type: ignore[attr-defined]


def test_the_lock_is_on_the_username_not_the_address(client: Client, world: World) -> None:
    # Everyone here shares one address (the test client's); only Alice is locked.
    fail(client, "alice", 5)
    assert sign_in_password(Client(), "adam", PASSWORD).status_code == 302  # type: ignore[attr-defined]
    assert sign_in_password(Client(), "alice", PASSWORD).status_code == 429  # type: ignore[attr-defined]


def test_an_unknown_username_is_locked_the_same_way(client: Client, world: World) -> None:
    # Otherwise the lockout page would tell an attacker which usernames exist.
    assert fail(client, "nobody-here", 5)[-1] == 429


def test_axes_never_keeps_passwords_codes_or_tokens(client: Client, world: World) -> None:
    fail(client, "alice", 2)
    client.force_login(world.alice)
    client.post("/staff/second-factor/", {"code": "123456"})
    stored = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert stored
    assert "wrong-password" not in stored
    assert "123456" not in stored


def test_an_admin_can_unlock_a_locked_account(client: Client, world: World) -> None:
    fail(Client(), "alice", 5)
    sign_in_verified(client, world.adam)
    page = client.get(f"/staff/admin/users/{world.alice.pk}/").content.decode()
    assert "Sign-in locked" in page
    response = client.post(f"/staff/admin/users/{world.alice.pk}/unlock/")
    assert response.status_code == 302
    assert sign_in_password(Client(), "alice", PASSWORD).status_code == 302  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(verb=Verb.USER_UNLOCKED, target_id=str(world.alice.pk)).exists()


def test_a_password_reset_lifts_the_lockout(world: World) -> None:
    fail(Client(), "alice", 5)
    code = approved_reset(world, world.alice, "password")
    resets.reset_complete(username="alice", code=code, password="a-fresh-temporary-password-9")
    assert sign_in_password(Client(), "alice", "a-fresh-temporary-password-9").status_code == 302  # type: ignore[attr-defined]


def test_a_full_sign_in_clears_earlier_failures(client: Client, world: World) -> None:
    device = confirmed_device(world.alice)
    fail(Client(), "alice", 4)
    sign_in_password(client, "alice")
    client.post("/staff/second-factor/", {"code": code_for(device)})
    assert client.get("/staff/").status_code == 200
    assert fail(Client(), "alice", 1) == [200]


def test_a_password_alone_does_not_clear_earlier_failures(client: Client, world: World) -> None:
    # Otherwise someone with the password could guess codes for ever, a few at a time.
    confirmed_device(world.alice)
    fail(Client(), "alice", 4)
    assert sign_in_password(client, "alice").status_code == 302  # type: ignore[attr-defined]
    response = client.post("/staff/second-factor/", {"code": "000000"})
    assert response.status_code == 429
