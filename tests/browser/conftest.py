"""Browser tests: Playwright driving Debian's Chromium against the live test server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from safeplan.accounts.models import User
from safeplan.testing.signin import confirmed_device, totp_code

CHROMIUM = Path(os.environ.get("SAFEPLAN_CHROMIUM", "/usr/bin/chromium"))
# The machine has no general network: stop Chromium's own background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: object) -> Iterator[Page]:
    context = browser.new_context(base_url=str(live_server), locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_accessible(page: Page) -> None:
    """Fail with axe-core's report if the page has any accessibility violation."""
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


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
