"""Risk assessment in a real browser, on a phone-sized screen: the whole checklist, errors, drafts, history."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.domain.risk import instrument_factor_ids
from safeplan.personas import PASSWORD, World
from safeplan.risk.models import Assessment, AssessmentDraft
from safeplan.testing.risk import make_assessment
from safeplan.timeline.models import Obligation

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


def test_filling_the_whole_checklist_on_a_phone(phone: Page, world: World) -> None:
    page = phone
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: refused.append(str(error)))
    page.goto(f"/cases/{world.case.pk}/risk/new/ric/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk identification checklist")
    assert fits_the_screen(page)
    assert_accessible(page)

    # Submitting nothing lists every missing answer, each linked to its question.
    page.get_by_role("button", name="Submit the assessment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    factors = instrument_factor_ids("ric")
    # The trigger ("first assessment") and judgement ("keep the grade") come preselected.
    expect(summary.locator("a")).to_have_count(len(factors) + 2)
    assert_accessible(page)
    summary.get_by_role("link", name="Question 14: select yes, no or not known.").click()
    expect(page.locator(f"#id_{factors[13]}_0")).to_be_focused()

    choose(page, "trigger", "new_incident")
    for index, factor_id in enumerate(factors):
        choose(page, factor_id, "yes" if index < 15 else "no" if index % 2 else "unknown")
    choose(page, "victim_view", "high")
    page.get_by_label("The victim's account, in their own words (optional)").fill("Synthetic: he said he would find me")
    page.get_by_label("How many incidents have been reported in the last 12 months?").fill("2")
    choose(page, "judgement", "none")
    page.get_by_role("button", name="Submit the assessment").click()

    page.wait_for_url("**/risk/*/")
    assessment = Assessment.objects.get()
    assert (assessment.level, assessment.yes_count, assessment.victim_view) == ("high", 15, "high")
    expect(page.locator("#risk-marac-prompt")).to_be_visible()
    assert fits_the_screen(page)
    assert_accessible(page)

    # The MARAC decision, its error state, and the history with its chart.
    page.get_by_role("link", name="Record the MARAC decision").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    choose(page, "decision", "refer")
    page.get_by_label("Why?").fill("Visible high risk")
    page.get_by_role("button", name="Record the decision").click()
    # A decision to refer leads on to the referral itself (tests/browser/test_marac.py).
    page.wait_for_url(f"**/cases/{world.case.pk}/marac/refer/")

    # The case page's risk section, checked on its own (other apps own the rest of the page).
    page.goto(f"/cases/{world.case.pk}/")
    expect(page.locator("#risk-panel")).to_contain_text("Refer to MARAC (decided")
    expect(page.locator("#risk-panel svg circle")).to_have_count(1)
    results = Axe().run(page, context="#risk-panel")
    assert results.violations_count == 0, results.generate_report()

    page.goto(f"/cases/{world.case.pk}/risk/")
    chart = page.locator('svg[role="img"]')
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(1)
    assert fits_the_screen(page)
    assert_accessible(page)
    page.get_by_text("Show the grades as a table").click()
    assert_accessible(page)
    assert refused == []


def test_a_draft_saved_by_hand_is_resumed(phone: Page, world: World) -> None:
    page = phone
    page.goto(f"/cases/{world.case.pk}/risk/new/stalking/")
    choose(page, "repeated_contact", "yes")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner:not(#sp-idle-warning)")).to_contain_text("Draft saved at")
    assert_accessible(page)
    page.goto(f"/cases/{world.case.pk}/")
    page.get_by_role("link", name="Continue the draft").click()
    expect(page.locator('input[name="repeated_contact"][value="yes"]')).to_be_checked()


def test_the_form_saves_a_draft_in_the_background(page: Page, world: World) -> None:
    page.clock.install()
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/risk/new/ric/")
    choose(page, "current_injury", "yes")
    page.clock.run_for(31_000)
    expect(page.locator("#risk-draft-status")).to_contain_text("Draft saved automatically at")
    assert AssessmentDraft.objects.get().data == {"current_injury": "yes", "judgement": "none", "trigger": "initial"}


def test_a_lower_checklist_says_so_asks_why_and_tells_the_supervisor(phone: Page, world: World) -> None:
    page = phone
    make_assessment(world.case, world.alice, yes=15)
    page.goto(f"/cases/{world.case.pk}/risk/new/ric/")
    expect(page.get_by_label("If this checklist lowers the case's grade, why is the risk lower?")).to_be_visible()
    assert_accessible(page)
    choose(page, "trigger", "review")
    for index, factor_id in enumerate(instrument_factor_ids("ric")):
        choose(page, factor_id, "yes" if index < 11 else "no")
    choose(page, "victim_view", "medium")
    page.get_by_label("How many incidents have been reported in the last 12 months?").fill("0")
    page.get_by_role("button", name="Submit the assessment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("This lowers the grade from High to Medium.")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    reason = page.get_by_label("If this checklist lowers the case's grade, why is the risk lower?")
    expect(reason).to_be_focused()
    reason.fill("Synthetic: he has moved abroad and the order holds.")
    page.get_by_role("button", name="Submit the assessment").click()
    page.wait_for_url("**/risk/*/")
    expect(page.locator("#risk-case-grade")).to_contain_text("Lowered from High to Medium")
    assert_accessible(page)
    assert Obligation.objects.get(kind="check_lowered_grade").owner == world.sue
