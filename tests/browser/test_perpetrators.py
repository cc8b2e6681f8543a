"""The person index and serial perpetrator pages in a real browser, checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.perpetrators.models import Enquiry, IndexEntry
from safeplan.personas import PASSWORD, World
from safeplan.testing.perpetrators import world_perpetrator

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_person_index_pages_are_accessible_with_their_errors(page: Page, world: World) -> None:
    perpetrator = world_perpetrator(world)
    other = IndexEntry.objects.exclude(person=world.suspect).get()
    Enquiry.objects.create(
        from_user=world.charlie,
        from_entry=other,
        to_entry=IndexEntry.objects.get(person=world.suspect),
        to_team=world.north,
        message="Synthetic question",
    )
    sign_in_in_browser(page, world.sue, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/")
    expect(page.locator("#person-index")).to_be_visible()
    page.goto(f"/cases/{world.case.pk}/people/{world.suspect.pk}/index/")
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    for path in ("/perpetrators/enquiries/", "/perpetrators/serial/", f"/perpetrators/serial/{perpetrator.pk}/review/"):
        page.goto(path)
        assert_accessible(page)
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_orders_custody_and_plan_pages_are_accessible_with_their_errors(page: Page, world: World) -> None:
    sign_in_in_browser(page, world.alice, PASSWORD)
    base = f"/cases/{world.case.pk}/people/{world.suspect.pk}/"
    page.goto(base + "management/")
    assert_accessible(page)
    for path in ("orders/new/", "custody/", "plan/"):
        page.goto(base + path)
        assert_accessible(page)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert_accessible(page)
