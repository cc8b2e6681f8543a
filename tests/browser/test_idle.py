"""The staff idle limit in a real browser: a warning with a way to stay, and a form sent too late is kept."""

from __future__ import annotations

import time

from playwright.sync_api import Page
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.accounts.models import AuthenticatorApp
from safeplan.cases.models import SafeContact
from safeplan.personas import PASSWORD, World
from safeplan.testing.signin import totp_code

IDLE_SECONDS = 18  # the warning comes a third of it before the end: after about 12 seconds


def test_the_warning_comes_before_the_limit_and_staying_keeps_the_session(page: Page, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SESSION_IDLE_SECONDS = IDLE_SECONDS
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/")
    warning = page.locator("#sp-idle-warning")
    assert warning.is_hidden()
    warning.wait_for(state="visible", timeout=IDLE_SECONDS * 1000)
    stay = page.get_by_role("button", name="Stay signed in")
    assert stay.evaluate("button => document.activeElement === button")
    assert_accessible(page)
    stay.click()
    warning.wait_for(state="hidden")
    time.sleep(IDLE_SECONDS / 2 + 1)  # past the limit counted from the page load, not from "stay"
    page.reload()
    assert "/staff/login/" not in page.url
    assert page.get_by_text(world.victim.full_name).count() > 0


def test_a_note_saved_after_the_limit_is_kept_and_sent_after_signing_in_again(
    page: Page,
    world: World,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.SESSION_IDLE_SECONDS = IDLE_SECONDS
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/safe-contact/")
    page.get_by_label("Notes").fill("Typed slowly, saved too late (synthetic).")
    page.get_by_text("You have been signed out").wait_for(timeout=IDLE_SECONDS * 2000)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/staff/login/**")
    assert "is kept for 30 minutes" in page.content()
    assert_accessible(page)
    page.get_by_label("Username").fill(world.alice.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/second-factor/**")
    device = AuthenticatorApp.objects.get(user=world.alice)
    page.locator("input[name=code]").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Send what you were saving").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Send it again").click()
    page.wait_for_url(f"**/cases/{world.case.pk}/")
    assert SafeContact.objects.get(case=world.case).notes == "Typed slowly, saved too late (synthetic)."
