"""Report pages in a real browser, checked with axe: the dashboard with its chart, a list behind a figure, print."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.personas import PASSWORD, World
from safeplan.testing import reports as synthetic
from safeplan.testing.marac import marac_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_team_dashboard_and_its_lists_are_accessible(page: Page, world: World) -> None:
    area = marac_world(world).area
    synthetic.fill(world.north, [world.alice, world.bob], 30, area=area, coordinator=world.mark)
    synthetic.requests(world.north, world.alice, 6)
    sign_in_in_browser(page, world.sue, PASSWORD)
    page.goto("/reports/")
    assert_accessible(page)
    page.get_by_role("link", name="Team dashboard").click()
    expect(page.get_by_role("img", name="Open cases by grade")).to_be_visible()
    assert_accessible(page)
    page.locator("#table-caseload a").first.click()
    expect(page.get_by_role("heading", name="Open cases")).to_be_visible()
    assert_accessible(page)
    page.goto("/reports/team/?format=print")
    assert_accessible(page)
