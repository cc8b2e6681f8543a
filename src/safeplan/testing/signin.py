"""Signing in for tests: a professional with a verified second factor, or the sign-in form itself.

    from safeplan.testing.signin import sign_in_verified
    sign_in_verified(client, world.alice)
    client.get("/cases/")

Browser tests sign in through the pages with `sign_in_in_browser` (tests/browser/conftest.py).
"""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from safeplan.accounts import signin
from safeplan.accounts.models import AuthenticatorApp, User
from safeplan.personas import PASSWORD

TEST_DEVICE_NAME = "Test authenticator app"


def confirmed_device(user: User) -> AuthenticatorApp:
    """Return the user's confirmed authenticator app device, creating one if they have none."""
    device = AuthenticatorApp.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = AuthenticatorApp.objects.create(user=user, name=TEST_DEVICE_NAME, confirmed=True)
    return device


def totp_code(device: AuthenticatorApp, *, at: float | None = None) -> str:
    """Return the code the device's app would show now (or at the given Unix time).

    If that code was already used (django-otp refuses a code twice), return the
    next one, which the device still accepts within its tolerance.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    if totp.t() <= device.last_t:
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in_verified(client: Client, user: User) -> AuthenticatorApp:
    """Sign the user in on the test client as if they had given their password and a code.

    Returns the device that "verified" the session.
    """
    device = confirmed_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[signin.VERIFIED] = True
    moment = time.time()
    session[signin.SIGNED_IN_AT] = moment
    session[signin.LAST_SEEN_AT] = moment
    session.save()
    return device


def code_for(device: AuthenticatorApp, *, steps_ahead: int = 0) -> str:
    """Compute the code an authenticator app shows now (or some steps ahead), straight from the device's key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += steps_ahead * device.step
    return f"{totp.token():06d}"


def sign_in_password(client: Client, username: str, password: str = PASSWORD) -> object:
    """Post the sign-in form and return the response."""
    return client.post("/staff/login/", {"username": username, "password": password})
