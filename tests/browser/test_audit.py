"""A supervisor finds who keeps being refused cases, in a real browser, with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.audit.services import access_refused
from safeplan.personas import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_supervisor_opens_the_refusals_and_a_persons_trail(page: Page, world: World) -> None:
    for case_id in (world.case.pk, 987654, 987655):
        access_refused(actor=world.charlie, case_id=case_id, case_exists=case_id == world.case.pk, wanted="view")
    sign_in_in_browser(page, world.sue, PASSWORD)
    page.goto("/staff/")
    page.get_by_role("link", name="Refused access to cases").click()
    page.wait_for_url("**/staff/audit/refused/")
    assert page.get_by_text("Repeated").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=world.charlie.get_full_name()).click()
    page.wait_for_url(f"**/staff/audit/users/{world.charlie.pk}/")
    assert "Was refused a case" in page.content()
    assert_accessible(page)
