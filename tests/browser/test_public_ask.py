"""The public right-to-ask form in a browser: accessible, no third-party request, Escape keeps what was typed."""

from __future__ import annotations

import pytest
from django.test import override_settings
from playwright.sync_api import Page, Request, expect
from tests.browser.conftest import assert_accessible
from tests.browser.test_survivor import EXIT_PAGE, js_ready, stub_exit_site

from safeplan.personas import World

pytestmark = pytest.mark.django_db(transaction=True)


def test_escape_leaves_at_once_and_the_code_brings_back_what_was_typed(
    page: Page, world: World, live_server: object
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url) if isinstance(request, Request) else None)
    visits = stub_exit_site(page)
    with override_settings(DISCLOSURE_ONLINE_TEAM=world.north.pk):
        page.goto("/s/ask/")
        assert page.title() == "Form"
        assert_accessible(page)
        code = page.locator('input[name="code"]').get_attribute("value")
        assert code
        page.get_by_label("What worries you? (optional)").fill("Synthetic: typed in a hurry")
        page.get_by_label("How can we contact you safely?").fill("Synthetic: text 07700 900777")
        js_ready(page)
        page.keyboard.press("Escape")
        page.wait_for_url(EXIT_PAGE)
        assert visits == [EXIT_PAGE]
        page.goto("/s/ask/")
        expect(page.get_by_label("What worries you? (optional)")).to_have_value("")
        page.goto("/s/ask/resume/")
        assert_accessible(page)
        page.get_by_role("button", name="Continue").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Your code").fill(code)
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_label("What worries you? (optional)")).to_have_value("Synthetic: typed in a hurry")
        page.get_by_label("Name of the person you are asking about").fill("")
        page.get_by_role("button", name="Send to the police").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert_accessible(page)
    origin = str(live_server)
    assert [url for url in requested if not url.startswith(origin) and not url.startswith(EXIT_PAGE)] == []
