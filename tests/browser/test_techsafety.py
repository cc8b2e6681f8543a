"""The tech safety check in a real browser: the survivor's pages, with and without JavaScript, and the case's."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import assert_accessible, sign_in_in_browser
from tests.browser.test_survivor import PAGE_BUDGET_BYTES, create_space, transferred, type_back

from safeplan.content.techcheck import tech_check
from safeplan.domain.vaultcrypto import KdfParams
from safeplan.personas import PASSWORD, World
from safeplan.survivor import services
from safeplan.techsafety.models import TechCheck
from safeplan.testing.techsafety import DUMPS

pytestmark = pytest.mark.django_db(transaction=True)

YES = {"emergency_contact", "location_shared", "abuser_notices", "social_media", "tracker_found"}


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(services, "kdf_params", lambda: KdfParams(time_cost=1, memory_cost_kib=8, parallelism=1))
    return


def answer(page: Page) -> None:
    """Answer every question by tapping labels, as a person would: an iPhone, and YES for the questions in YES."""
    page.locator('label[for="id_devices_0"]').click()
    for question in tech_check().questions:
        if question.kind != "yes_no":
            continue
        value = "yes" if question.id in YES else "no"
        radio = page.locator(f'input[name="{question.id}"][value="{value}"]')
        page.locator(f'label[for="{radio.get_attribute("id")}"]').click()


def test_the_survivor_check_on_a_phone_is_accessible_light_and_keeps_answers_out_of_urls(page: Page) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    create_space(page)
    page.get_by_role("link", name="Check my phone and accounts").click()
    page.wait_for_url("**/s/e/")
    assert re.fullmatch(r"([A-Z][a-z]+( [a-z]+)? - )?Notes", page.title())
    assert_accessible(page)
    page.get_by_role("button", name="Make my list").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    answer(page)
    page.get_by_role("button", name="Make my list").click()
    page.wait_for_url("**/s/e/l/")
    assert re.fullmatch(r"([A-Z][a-z]+( [a-z]+)? - )?Notes", page.title())
    first = page.locator("#checklist > li").first
    expect(first).to_have_id("step-emergency_contact_is_abuser")
    expect(page.locator("#notice-caution")).to_be_visible()
    assert_accessible(page)
    page.locator('label[for="done-use_a_safe_device"]').click()
    page.get_by_role("button", name="Save what I have done").click()
    page.wait_for_url("**/s/e/l/")
    expect(page.locator("#done-use_a_safe_device")).to_be_checked()
    page.get_by_role("button", name="Record it first in my diary").first.click()
    page.wait_for_url("**/s/d/n/")
    expect(page.get_by_label("What happened")).to_have_value("While checking my phone, accounts and things, I found: ")
    assert "?" not in page.url
    for path in ("/s/e/", "/s/e/l/"):
        assert transferred(page, path) <= PAGE_BUDGET_BYTES, path


def test_the_survivor_check_works_without_javascript(browser: Browser, live_server: object) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=str(live_server), locale="en-GB")
    page = context.new_page()
    page.goto("/s/")
    page.get_by_role("link", name="Start a new space").click()
    page.get_by_role("button", name="I understand, create my space").click()
    words = page.locator("#passphrase li").all_inner_texts()
    page.get_by_role("link", name="I have kept my words safe, continue").click()
    type_back(page, words)  # the words stay masked without JavaScript too
    page.get_by_role("button", name="Make my space").click()
    page.wait_for_url("**/s/h/")
    page.goto("/s/e/")
    answer(page)
    page.get_by_role("button", name="Make my list").click()
    page.wait_for_url("**/s/e/l/")
    expect(page.locator("#checklist > li").first).to_have_id("step-emergency_contact_is_abuser")
    page.locator("#done-use_a_safe_device").check()
    page.get_by_role("button", name="Save what I have done").click()
    expect(page.locator("#done-use_a_safe_device")).to_be_checked()
    context.close()


def test_the_case_check_with_the_victim_is_accessible(page: Page, world: World) -> None:
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/")
    page.get_by_role("link", name="Do the tech safety check with the victim").click()
    page.wait_for_url(f"**/cases/{world.case.pk}/tech/check/")
    assert_accessible(page)
    page.get_by_role("button", name="Make the checklist").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    answer(page)
    page.get_by_role("button", name="Make the checklist").click()
    page.wait_for_url(f"**/cases/{world.case.pk}/tech/")
    expect(page.locator("#checklist > li").first).to_have_id("step-emergency_contact_is_abuser")
    assert_accessible(page)
    assert TechCheck.objects.filter(case=world.case).count() == 1


def test_the_android_scan_upload_and_report_are_accessible(page: Page, world: World) -> None:
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/tech/")
    assert_accessible(page)
    page.get_by_role("link", name="Add an Android scan").click()
    page.wait_for_url(f"**/cases/{world.case.pk}/tech/scan/")
    assert_accessible(page)
    page.get_by_role("button", name="Check the phone's files").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    for part in ("packages", "settings_global", "device_admins", "accessibility", "notification_listeners"):
        page.locator(f'input[name="{part}"]').set_input_files(str(DUMPS / "stalkerware" / f"{part}.txt"))
    page.get_by_role("button", name="Check the phone's files").click()
    page.wait_for_url(f"**/cases/{world.case.pk}/tech/scans/*/")
    expect(page.locator("#not-proof")).to_contain_text("Possible signs, not proof")
    expect(page.locator("#matches")).to_contain_text("TheTruthSpy")
    assert_accessible(page)
