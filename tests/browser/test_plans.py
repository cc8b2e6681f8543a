"""Building a safety plan with the victim in a real browser, on a phone-sized screen, every page checked with axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.content.measures import CIRCUMSTANCE_FLAGS
from safeplan.personas import PASSWORD, World
from safeplan.plans.models import SafetyPlanDraft, SafetyPlanVersion

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(page: Page, world: World) -> Page:
    page.set_viewport_size(PHONE)
    sign_in_in_browser(page, world.alice, PASSWORD)
    return page


def choose(page: Page, field: str, value: str) -> None:
    """Tap the label of a radio, as a person would."""
    radio = page.locator(f'input[name="{field}"][value="{value}"]')
    page.locator(f'label[for="{radio.get_attribute("id")}"]').click()


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def check(page: Page) -> None:
    assert fits_the_screen(page), page.url
    assert_accessible(page)


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).strftime("%d/%m/%Y")


def answer_circumstances(page: Page, situation: str = "living_with_abuser", **yes: bool) -> None:
    choose(page, "situation", situation)
    for flag in CIRCUMSTANCE_FLAGS:
        choose(page, flag, "yes" if yes.get(flag) else "no")


def test_building_reviewing_and_printing_a_plan_on_a_phone(phone: Page, world: World) -> None:
    page = phone
    case = world.case.pk
    page.goto(f"/cases/{case}/plan/")
    check(page)
    page.get_by_role("link", name="Build a safety plan with the victim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Build a safety plan with the victim")
    check(page)

    # Step 1: what the victim already does, first; an empty answer is refused.
    page.get_by_role("link", name="1. What the victim already does").click()
    check(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page)
    page.get_by_label("What does the victim already do to stay safe?").fill(
        "Synthetic: I keep my phone charged and go to my sister's when he drinks."
    )
    page.get_by_role("button", name="Save and continue").click()

    # Step 2: the circumstances; the abuser checks the accounts.
    expect(page.get_by_role("heading", level=1)).to_have_text("The victim's circumstances")
    check(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page)
    answer_circumstances(page, abuser_checks_accounts=True)
    page.get_by_role("button", name="Save and continue").click()

    # Step 3: the coping strategies come first; changing passwords is shown with its warning, preset to not safe.
    expect(page.get_by_role("heading", level=1)).to_have_text("What the victim will do")
    check(page)
    coping = page.locator("#coping-strategies").bounding_box()
    passwords = page.locator("#measure-change_passwords")
    assert coping is not None
    assert passwords.bounding_box()["y"] > coping["y"]
    expect(passwords.locator(".govuk-warning-text")).to_be_visible()
    expect(passwords.locator('input[value="not_safe"]')).to_be_checked()

    # Choosing it anyway without a word on the risk is refused.
    choose(page, "m-change_passwords-status", "will_do")
    choose(page, "m-call_999-status", "will_do")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    check(page)
    choose(page, "m-change_passwords-status", "not_safe")
    choose(page, "m-call_999-status", "will_do")
    code_word = page.locator("#measure-code_word")
    choose(page, "m-code_word-status", "will_do")
    code_word.locator("summary").filter(has_text="Who does what, by when").click()
    code_word.get_by_label("Who does it").select_option("friends_family")
    code_word.get_by_label("What they will do").fill("Synthetic: my sister calls 999 if I text 'pink'")
    code_word.get_by_label("By when").fill(in_days(7))
    page.get_by_role("button", name="Save and continue").click()

    # Step 4: contacts and the emergency bag.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bag, contacts, places, children and technology")
    check(page)
    page.get_by_label("Emergency contacts").fill("Synthetic: my sister, 07700 900123")
    page.get_by_label("Put the emergency bag checklist in the plan").check()
    page.get_by_label("Spare keys").check()
    page.get_by_role("button", name="Save and continue").click()

    # Save as the first version.
    expect(page.get_by_role("heading", level=1)).to_have_text("Build a safety plan with the victim")
    check(page)
    page.get_by_label("Next review").fill(in_days(60))
    page.get_by_role("button", name="Save as new version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety plan: version 1")
    check(page)
    first = SafetyPlanVersion.objects.get()
    # Every measure not safe in these circumstances stays in the plan as "not safe for me" unless changed.
    assert {item.measure_id: item.status for item in first.items.all()} == {
        "call_999": "will_do",
        "change_passwords": "not_safe",
        "remove_tracking": "not_safe",
        "code_word": "will_do",
    }

    # The victim's copy and the discreet copy.
    page.get_by_role("link", name="Print the victim's copy").click()
    expect(page).to_have_title("Safety plan")
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Print a discreet copy").click()
    expect(page).to_have_title("My notes")
    assert_accessible(page)
    assert "Vicky" not in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a PDF").click()
    assert download.value.suggested_filename == "notes.pdf"

    # A review after the circumstances change: the victim has left.
    page.goto(f"/cases/{case}/plan/")
    check(page)
    page.get_by_role("link", name="Review the plan with the victim").first.click()
    check(page)
    page.get_by_role("link", name="2. The victim's circumstances").click()
    choose(page, "situation", "after_separation")
    page.get_by_role("button", name="Save and continue").click()
    choose(page, "m-change_locks-status", "will_do")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()
    choose(page, "reason", "trigger")
    page.get_by_label("Next review").fill(in_days(30))
    page.get_by_role("button", name="Save as new version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety plan: version 2")
    page.get_by_role("link", name="Compare with version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What changed from version 1 to version 2")
    check(page)
    expect(page.locator("#added")).to_be_visible()

    page.goto(f"/cases/{case}/")
    expect(page.locator("#safety-plan")).to_be_visible()
    assert_accessible(page)


def test_a_plan_can_be_built_without_javascript(browser: Browser, live_server: object, world: World) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=str(live_server), locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in_in_browser(page, world.alice, PASSWORD)
    case = world.case.pk
    page.goto(f"/cases/{case}/plan/build/coping/")
    page.get_by_label("They do not do anything yet").check()
    page.get_by_role("button", name="Save and continue").click()
    answer_circumstances(page, "after_separation")
    page.get_by_role("button", name="Save and continue").click()
    choose(page, "m-call_999-status", "already_doing")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()
    assert SafetyPlanDraft.objects.filter(case=world.case).exists()
    page.get_by_label("Next review").fill(in_days(10))
    page.get_by_role("button", name="Save as new version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety plan: version 1")
    assert SafetyPlanVersion.objects.get().items.get().status == "already_doing"
    context.close()
