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
    expect(page.get_by_role("img", name="Open cases by grade", exact=False).first).to_be_visible()
    # Every figure table with counts per row is drawn as a chart too (a table holds the same figures).
    expect(page.locator("svg[aria-labelledby^='chart-caseload-title']")).to_be_visible()
    expect(page.locator("svg[aria-labelledby^='chart-obligations-title']")).to_be_visible()
    assert_accessible(page)
    page.locator("#table-caseload a").first.click()
    expect(page.get_by_role("heading", name="Open cases")).to_be_visible()
    assert_accessible(page)
    page.goto("/reports/team/?format=print")
    assert_accessible(page)


def test_the_returns_and_neighbourhood_figures_are_accessible(page: Page, world: World) -> None:
    area = marac_world(world).area
    synthetic.fill(world.north, [world.alice, world.bob], 30, area=area, coordinator=world.mark)
    synthetic.requests(world.north, world.alice, 6)
    sign_in_in_browser(page, world.sue, PASSWORD)
    for path in ("/reports/compliance/", "/reports/neighbourhood/", "/reports/clares-law/"):
        page.goto(path)
        assert_accessible(page)
    page.goto("/reports/neighbourhood/?format=print")
    assert_accessible(page)


def test_the_marac_return_is_accessible_with_its_errors(page: Page, world: World) -> None:
    area = marac_world(world).area
    synthetic.fill(world.north, [world.alice, world.bob], 30, area=area, coordinator=world.mark)
    sign_in_in_browser(page, world.mark, PASSWORD)
    page.goto(f"/reports/marac/{area.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Save the population figure").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_equality_monitoring_page_is_accessible_with_its_errors(page: Page, world: World) -> None:
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/equality/")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_late_reason_page_is_accessible_with_its_errors(page: Page, world: World) -> None:
    from django.utils import timezone

    from safeplan.timeline.models import Obligation

    synthetic.fill(world.north, [world.alice, world.bob], 10)
    overdue = Obligation.objects.filter(case__team=world.north, done_at__isnull=True, due_at__lt=timezone.now()).first()
    assert overdue is not None
    sign_in_in_browser(page, world.sue, PASSWORD)
    page.goto(f"/cases/{overdue.case_id}/obligations/{overdue.pk}/late-reason/")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
