"""Signing in, the second factor, the lockout and the admin pages in a real browser, each checked with axe."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import CDPSession, Page
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.accounts.models import Agency, AuthenticatorApp, Role, Team, User
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.testing.resets import mailed_code
from safeplan.testing.signin import totp_code

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-browser-password-1"


def make_user(username: str, role: str = Role.OFFICER) -> User:
    agency, _ = Agency.objects.get_or_create(name="Northshire Police", defaults={"kind": Agency.Kind.POLICE})
    team, _ = Team.objects.get_or_create(agency=agency, name="Team North")
    user = User(username=username, first_name=username.title(), last_name="Test", role=role, agency=agency, team=team)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in_with_password(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/staff/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def csp_errors(page: Page) -> Iterator[list[str]]:
    """Collect anything the browser refused under our Content-Security-Policy."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_setting_up_an_authenticator_app(page: Page, csp_errors: list[str]) -> None:
    alice = make_user("alice")
    sign_in_with_password(page, "alice")
    page.wait_for_url("**/staff/second-factor/set-up/**")
    assert_accessible(page)

    page.get_by_role("button", name="Set up an authenticator app").click()
    page.wait_for_url("**/staff/second-factor/set-up/app/**")
    assert page.locator("svg[role=img]").is_visible()
    page.get_by_text("I cannot scan the QR code").click()
    assert_accessible(page)
    device = AuthenticatorApp.objects.get(user=alice, confirmed=False)
    page.get_by_label("Enter the 6-digit code").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Your backup codes").wait_for()
    assert page.locator(".sp-code").count() == 10
    assert_accessible(page)
    page.get_by_role("button", name="I have kept my codes – continue").click()
    page.wait_for_url("**/staff/")
    assert csp_errors == []


def test_the_second_factor_page_and_its_errors(page: Page) -> None:
    alice = make_user("alice")
    AuthenticatorApp.objects.create(user=alice, name="app", confirmed=True)
    sign_in_with_password(page, "alice")
    page.wait_for_url("**/staff/second-factor/**")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.locator("input[name=code]").fill("000000")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("The code is not right").first.wait_for()
    assert_accessible(page)


def test_the_sign_in_helper_reaches_the_staff_home(page: Page) -> None:
    alice = make_user("alice")
    sign_in_in_browser(page, alice, PASSWORD)
    page.wait_for_url("**/staff/")
    assert page.get_by_role("heading", name="Your work").is_visible()
    assert page.get_by_text("Signed in as Alice Test").is_visible()


def test_the_lockout_page(page: Page) -> None:
    make_user("alice")
    for _ in range(5):
        sign_in_with_password(page, "alice", "wrong-password")
    page.get_by_role("heading", name="Sign-in locked").wait_for()
    assert page.get_by_text("This account is locked for 30 minutes after 5 failed sign-in attempts.").is_visible()
    assert_accessible(page)
    sign_in_with_password(page, "alice")
    page.get_by_role("heading", name="Sign-in locked").wait_for()


def test_the_admin_pages(page: Page) -> None:
    adam = make_user("adam", Role.ADMIN)
    alice = make_user("alice")
    AuthenticatorApp.objects.create(user=alice, name="app", confirmed=True)
    sign_in_in_browser(page, adam, PASSWORD)
    page.wait_for_url("**/staff/")

    for path in (
        "/staff/admin/users/",
        "/staff/admin/users/new/",
        f"/staff/admin/users/{alice.pk}/",
        f"/staff/admin/users/{alice.pk}/change/",
        f"/staff/admin/users/{alice.pk}/reset/",
        f"/staff/admin/users/{alice.pk}/deactivate/",
        "/staff/admin/teams/",
        "/staff/admin/teams/new/",
    ):
        page.goto(path)
        assert_accessible(page)

    page.goto("/staff/admin/users/new/")
    page.get_by_role("button", name="Add user").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)

    page.get_by_label("Username").fill("nia")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Newton")
    page.get_by_label("Role").select_option(Role.IDVA)
    page.get_by_label("Team").select_option(label="Team North")
    page.get_by_role("button", name="Add user").click()
    page.get_by_role("heading", name="User added").wait_for()
    assert page.locator("#temporary-password").is_visible()
    assert_accessible(page)
    assert User.objects.get(username="nia").must_change_password

    page.goto(f"/staff/admin/users/{alice.pk}/deactivate/")
    page.get_by_role("button", name="Deactivate account").click()
    page.get_by_text("Account deactivated").wait_for()
    assert_accessible(page)


def virtual_authenticator(page: Page) -> CDPSession:
    """Give the browser a passkey authenticator that says yes at once (Chromium's WebAuthn domain)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def test_setting_up_and_signing_in_with_a_passkey(page: Page, csp_errors: list[str]) -> None:
    alice = make_user("alice")
    virtual_authenticator(page)
    sign_in_with_password(page, "alice")
    page.wait_for_url("**/staff/second-factor/set-up/**")
    page.get_by_role("button", name="Set up a passkey").click()

    page.wait_for_url("**/staff/second-factor/backup-codes/**")
    assert page.locator(".sp-code").count() == 10
    page.get_by_role("button", name="I have kept my codes – continue").click()
    page.wait_for_url("**/staff/")

    page.get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, "alice")
    page.wait_for_url("**/staff/second-factor/**")
    assert_accessible(page)
    page.get_by_role("button", name="Use your passkey").click()
    page.wait_for_url("**/staff/")
    assert page.get_by_role("heading", name="Your work").is_visible()
    assert page.get_by_text("Signed in as Alice Test").is_visible()

    verbs = list(AuditEvent.objects.filter(target_id=str(alice.pk)).values_list("verb", flat=True))
    assert Verb.PASSKEY_REGISTERED in verbs
    assert Verb.OTP_ENROLLED in verbs
    assert [event for event in verbs if event == Verb.OTP_VERIFIED] == [Verb.OTP_VERIFIED, Verb.OTP_VERIFIED]
    assert csp_errors == []


def test_a_reset_asked_for_by_one_admin_approved_by_another_and_completed_by_the_user(page: Page) -> None:
    adam = make_user("adam", Role.ADMIN)
    ada = make_user("ada", Role.ADMIN)
    alice = make_user("alice")
    alice.email = "alice@example.org"
    alice.save(update_fields=["email"])
    AuthenticatorApp.objects.create(user=alice, name="app", confirmed=True)

    sign_in_in_browser(page, adam, PASSWORD)
    page.goto(f"/staff/admin/users/{alice.pk}/reset/")
    page.get_by_role("button", name="Ask for the reset").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("Password and second factor").check()
    page.get_by_role("button", name="Ask for the reset").click()
    page.get_by_text("Waiting for another admin's approval").wait_for()
    assert_accessible(page)
    page.context.clear_cookies()

    sign_in_in_browser(page, ada, PASSWORD)
    page.goto(f"/staff/admin/users/{alice.pk}/")
    page.get_by_role("link", name="Approve the reset").click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve and send the code").click()
    page.get_by_text("Reset approved").wait_for()
    page.context.clear_cookies()

    code = mailed_code(alice)
    page.goto("/staff/login/")
    page.get_by_role("link", name="I have a reset code").click()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("Username").fill("alice")
    page.get_by_label("One-time reset code").fill(code)
    page.get_by_label("New password", exact=True).fill("her-own-new-passphrase-42")
    page.get_by_label("Confirm new password").fill("her-own-new-passphrase-42")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/staff/login/")
    alice.refresh_from_db()
    assert alice.check_password("her-own-new-passphrase-42")
    assert not AuthenticatorApp.objects.filter(user=alice).exists()
