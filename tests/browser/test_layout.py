"""The base layout in a real browser: accessible, working JavaScript, and a working exit."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, Request, Route
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

EXIT_PAGE = "https://www.bbc.co.uk/weather"


def stub_exit_site(page: Page) -> list[str]:
    """Serve the neutral exit site locally (the machine has no internet) and record visits."""
    visits: list[str] = []

    def fulfil(route: Route, request: Request) -> None:
        visits.append(request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>")

    page.route("https://www.bbc.co.uk/**", fulfil)
    return visits


def test_the_front_page_has_no_accessibility_violations(page: Page) -> None:
    page.goto("/")
    assert_accessible(page)


def test_the_sign_in_page_and_its_errors_have_no_accessibility_violations(page: Page) -> None:
    page.goto("/staff/login/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)


def test_govuk_frontend_javascript_starts(page: Page) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    assert errors == []


def test_no_request_leaves_our_origin(page: Page, live_server: object) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert requested, "the page made no request at all"
    assert all(url.startswith(str(live_server)) for url in requested), requested


def test_the_exit_button_leaves_the_page(page: Page) -> None:
    visits = stub_exit_site(page)
    page.goto("/")
    page.get_by_role("button", name="Emergency Exit this page").click()
    page.wait_for_url(EXIT_PAGE)
    assert visits == [EXIT_PAGE]


def test_pressing_shift_three_times_leaves_the_page(page: Page) -> None:
    visits = stub_exit_site(page)
    page.goto("/")
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    for _ in range(3):
        page.keyboard.press("Shift")
        time.sleep(0.05)
    page.wait_for_url(EXIT_PAGE)
    assert visits == [EXIT_PAGE]


def test_without_javascript_the_exit_is_still_a_visible_link(browser: object, live_server: object) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=str(live_server))  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto("/")
    link = page.locator("a.govuk-exit-this-page__button")
    assert link.is_visible()
    assert link.get_attribute("href") == EXIT_PAGE
    context.close()
