"""The base layout in a real browser: accessible, working JavaScript, and a working exit."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Request, Route
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.personas import PASSWORD, World

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


def leaves_through_the_server(page: Page, action: Callable[[], None]) -> None:
    """Do the action and check the page left through /staff/exit/, which sends it on to the neutral site.

    Chromium follows the redirect itself, and Playwright's routes do not always see a redirect's
    target, so the proof is the exit's own answer rather than a visit to the stubbed site.
    """
    stub_exit_site(page)
    with page.expect_response("**/staff/exit/") as exit_response:
        action()
    assert exit_response.value.status == 303
    assert exit_response.value.headers["location"] == EXIT_PAGE
    # Let the browser arrive (at the stub, or at an error page when the route missed the redirect) before
    # the test navigates again, or that navigation is interrupted by this one.
    try:
        page.wait_for_url(lambda url: url.rstrip("/") == EXIT_PAGE.rstrip("/") or url.startswith("chrome-error:"))
    except PlaywrightError as error:
        if "ERR_NAME_NOT_RESOLVED" not in str(error):  # the neutral site cannot be reached from the tests
            raise


def press_shift_three_times(page: Page) -> None:
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    for _ in range(3):
        page.keyboard.press("Shift")
        time.sleep(0.05)


# The front page uses the survivor exit (tests/browser/test_survivor.py); the staff layout's exit is on the
# staff pages, where it also ends a professional's session.
def test_the_exit_button_leaves_the_page(page: Page) -> None:
    page.goto("/staff/login/")
    leaves_through_the_server(page, page.get_by_role("button", name="Emergency Exit this page").click)


def test_pressing_shift_three_times_leaves_the_page(page: Page) -> None:
    page.goto("/staff/login/")
    leaves_through_the_server(page, lambda: press_shift_three_times(page))


def test_without_javascript_the_exit_is_still_a_visible_link(browser: object, live_server: object) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=str(live_server))  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto("/staff/login/")
    link = page.locator("a.govuk-exit-this-page__button")
    assert link.is_visible()
    assert link.get_attribute("href") == "/staff/exit/"
    leaves_through_the_server(page, link.click)
    context.close()


def test_exit_on_a_case_page_signs_the_officer_out(page: Page, world: World) -> None:
    sign_in_in_browser(page, world.alice, PASSWORD)
    case_page = f"/cases/{world.case.pk}/"
    page.goto(case_page)
    assert page.get_by_text(world.victim.full_name).count() > 0
    leaves_through_the_server(page, lambda: press_shift_three_times(page))
    # Whoever picks up the computer next: typing the address (in a new tab of the same browser, so the old
    # tab's trip to the neutral site cannot interrupt it) opens the sign-in page, not the case.
    next_tab = page.context.new_page()
    next_tab.goto(case_page)
    assert "/staff/login/" in next_tab.url
    assert next_tab.get_by_text(world.victim.full_name).count() == 0
