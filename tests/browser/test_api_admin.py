"""The agency admin's integration pages in a real browser, each checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.accounts.models import Agency, Role, Team, User
from safeplan.api.models import ServiceCredential

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-browser-password-1"


def test_an_admin_makes_rotates_and_revokes_credentials(page: Page) -> None:
    agency = Agency.objects.create(name="Northshire Police", kind=Agency.Kind.POLICE)
    team = Team.objects.create(agency=agency, name="Team North")
    adam = User(username="adam", first_name="Adam", last_name="Admin", role=Role.ADMIN, agency=agency, team=team)
    adam.set_password(PASSWORD)
    adam.save()
    sign_in_in_browser(page, adam, PASSWORD)
    page.wait_for_url("**/staff/")

    page.goto("/staff/admin/integrations/")
    assert_accessible(page)
    page.get_by_role("button", name="Add an integration").click()
    page.get_by_role("heading", name="Add an integration").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Make credentials").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)

    page.get_by_label("Name of the integration").fill("Northshire RMS")
    page.get_by_label("Team").select_option(label="Team North")
    page.get_by_label("Police officer", exact=True).check()
    page.get_by_label("Read cases and people").check()
    page.get_by_label("30 days").check()
    page.get_by_role("button", name="Make credentials").click()
    page.get_by_role("heading", name="Integration added").wait_for()
    assert page.locator("#api-key").inner_text().startswith("sp_")
    assert_accessible(page)

    credential = ServiceCredential.objects.get()
    page.goto(f"/staff/admin/integrations/{credential.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Rotate the key").click()
    assert_accessible(page)
    page.get_by_role("button", name="Rotate the key").click()
    page.get_by_role("heading", name="Key rotated").wait_for()
    assert_accessible(page)

    page.goto(f"/staff/admin/integrations/{credential.pk}/revoke/")
    assert_accessible(page)
    page.get_by_role("button", name="Revoke the credentials").click()
    page.get_by_text("Credentials revoked").wait_for()
    assert_accessible(page)
    page.goto("/staff/admin/integrations/")
    assert_accessible(page)
