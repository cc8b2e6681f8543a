"""Clare's Law pages in a real browser, checked with axe, with their error summaries."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.disclosure.models import DisclosureRequest
from safeplan.personas import PASSWORD, World
from safeplan.testing.disclosure import world_request

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_clares_law_pages_are_accessible_with_their_errors(page: Page, world: World) -> None:
    request = world_request(world)
    sign_in_in_browser(page, world.sue, PASSWORD)
    for path in ("/disclosure/", "/disclosure/figures/", f"/disclosure/{request.pk}/"):
        page.goto(path)
        assert_accessible(page)
    for path, button in (
        ("/disclosure/new/", "Record the request"),
        (f"/disclosure/{request.pk}/initial-contact/", "Save"),
        (f"/disclosure/{request.pk}/close/", "Save"),
        (f"/disclosure/{request.pk}/deviation/", "Save"),
    ):
        page.goto(path)
        assert_accessible(page)
        page.get_by_role("button", name=button).click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert_accessible(page)


def test_the_forum_and_disclosure_pages_are_accessible_with_their_errors(page: Page, world: World) -> None:
    request = world_request(world)
    now = timezone.now()
    DisclosureRequest.objects.filter(pk=request.pk).update(
        initial_contact_at=now, face_to_face_at=now, checks_done_at=now
    )
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/disclosure/{request.pk}/forum/")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    DisclosureRequest.objects.filter(pk=request.pk).update(outcome="disclose", decided_at=now)
    page.goto(f"/disclosure/{request.pk}/disclose/")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
