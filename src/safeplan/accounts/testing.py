"""Helpers for other apps' tests: a professional signed in with a verified second factor.

Django tests::

    from safeplan.accounts.testing import sign_in_verified
    sign_in_verified(client, alice)
    client.get("/cases/")

Browser tests::

    from safeplan.accounts.testing import sign_in_in_browser
    sign_in_in_browser(page, alice, PASSWORD)
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeplan.accounts import signin
from safeplan.accounts.models import User

if TYPE_CHECKING:
    from playwright.sync_api import Page

TEST_DEVICE_NAME = "Test authenticator app"


def confirmed_device(user: User) -> TOTPDevice:
    """Return the user's confirmed authenticator app device, creating one if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TEST_DEVICE_NAME, confirmed=True)
    return device


def totp_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """Return the code the device's app would show now (or at the given Unix time).

    If that code was already used (django-otp refuses a code twice), return the
    next one, which the device still accepts within its tolerance.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    if totp.t() <= device.last_t:
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in_verified(client: Client, user: User) -> TOTPDevice:
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


def sign_in_in_browser(page: Page, user: User, password: str, *, next_path: str = "") -> None:
    """Sign in through the real pages: username and password, then a code computed from the user's device.

    Gives the user an authenticator app first if they have no second factor.
    Leaves the page wherever the sign-in lands (the staff home, or ``next_path``).
    """
    device = confirmed_device(user)
    page.goto("/staff/login/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/second-factor/**")
    device.refresh_from_db()
    page.locator("input[name=code]").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
