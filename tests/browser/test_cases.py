"""Case pages in a real browser, each checked with axe, in their normal and error states."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.cases.models import SafeContact
from safeplan.cases.services import safe_contact_save
from safeplan.personas import PASSWORD, SECRET_ADDRESS, World

pytestmark = pytest.mark.django_db(transaction=True)


def test_case_pages_are_accessible(page: Page, world: World) -> None:
    sign_in_in_browser(page, world.sue, PASSWORD)
    case = world.case.pk
    for path in [
        "/staff/",
        "/cases/",
        "/cases/team/",
        "/cases/shared/",
        f"/cases/search/?q={world.victim.full_name}",
        f"/cases/{case}/",
        f"/cases/{case}/audit/",
        f"/cases/{case}/summary/",
        f"/cases/{case}/people/{world.suspect.pk}/",
        "/cases/break-glass/",
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/cases/new/",
        "/cases/{case}/close/",
        "/cases/{case}/handover/",
        "/cases/{case}/people/new/",
        "/cases/{case}/safe-contact/",
        "/cases/{case}/locations/new/",
        "/cases/{case}/shares/new/",
        "/cases/break-glass/",
    ],
)
def test_case_forms_and_their_errors_are_accessible(page: Page, world: World, path: str) -> None:
    sign_in_in_browser(page, world.sue, PASSWORD)
    page.goto(path.format(case=world.case.pk))
    assert_accessible(page)
    if "safe-contact" in path:
        # The case already has a valid arrangement: remove the number its channel needs.
        page.get_by_label("Safe phone number").fill("")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)


def test_opening_a_case_and_revealing_the_address(page: Page, world: World) -> None:
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto("/cases/new/")
    page.get_by_label("Victim's full name").fill("Rosa Example")
    page.get_by_label("Responsible officer").select_option(label="Alice (Police officer)")
    page.get_by_label("Single point of contact").select_option(label="Bob (Police officer)")
    page.get_by_role("button", name="Open case").click()
    page.wait_for_selector("text=No safe contact arrangement is recorded")
    assert_accessible(page)

    page.goto(f"/cases/{world.case.pk}/")
    assert SECRET_ADDRESS not in page.content()
    page.get_by_role("button", name="Show address – Refuge").click()
    page.wait_for_selector("text=Hidden Lane")
    assert_accessible(page)


def test_a_stale_safe_contact_save_is_refused_and_shows_the_other_change(page: Page, world: World) -> None:
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/safe-contact/")
    # Bob saves a new number in his own session while Alice has the page open.
    safe_contact_save(
        actor=world.bob,
        case=world.case,
        allowed_channels=["phone_call"],
        never=["voicemail"],
        phone_number="07700 900444",
        version=SafeContact.objects.get(case=world.case).version,
    )
    page.get_by_label("Safe phone number").fill("07700 900555")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_selector("#conflict")
    assert "07700 900444" in page.locator("#conflict").inner_text()
    assert page.get_by_label("Safe phone number").input_value() == "07700 900555"
    assert SafeContact.objects.get(case=world.case).phone_number == "07700 900444"
    assert_accessible(page)
    # Having seen Bob's number, Alice saves hers deliberately.
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"**/cases/{world.case.pk}/")
    assert SafeContact.objects.get(case=world.case).phone_number == "07700 900555"


def test_the_work_dashboard_with_tasks_and_cases_needing_attention_is_accessible(page: Page, world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from safeplan.testing.risk import make_assessment
    from safeplan.timeline.services import event_record

    make_assessment(world.case, world.alice, yes=15)
    event_record(actor=world.alice, case=world.case, type_id="arrest", occurred_at=timezone.now() - timedelta(days=20))
    sign_in_in_browser(page, world.sue, PASSWORD)
    for path in ["/staff/", "/staff/?view=team", "/cases/team/?sort=next_due"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    page.goto("/staff/?view=team")
    assert page.locator("#home-attention").is_visible()
    assert world.case.reference in page.locator("main").inner_text()


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (375, 667)])
def test_the_case_header_puts_the_victim_and_the_safe_contact_in_the_first_screen(
    page: Page, world: World, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/")
    title = page.locator("#case-title").bounding_box()
    assert title is not None
    assert title["y"] + title["height"] < height
    assert world.victim.full_name in page.locator("#case-title").inner_text()
    if width >= 1366:
        header = page.locator("#case-header").bounding_box()
        assert header is not None
        assert header["y"] + header["height"] < height
    page.get_by_role("navigation", name="Sections of this case").get_by_role("link", name="People").click()
    assert page.url.endswith("#people")
    assert_accessible(page)
