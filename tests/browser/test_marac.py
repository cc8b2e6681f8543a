"""MARAC in a real browser, under axe: a referral from the case, the coordinator's queue, returning it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.marac.models import MaracReferral
from safeplan.personas import PASSWORD, World
from safeplan.testing.marac import marac_world
from safeplan.testing.risk import world_assessment

pytestmark = pytest.mark.django_db(transaction=True)


def choose(page: Page, field: str, value: str) -> None:
    radio = page.locator(f'input[name="{field}"][value="{value}"]')
    page.locator(f'label[for="{radio.get_attribute("id")}"]').click()


def other_page(browser: Browser, page: Page) -> Page:
    base = page.url.split("/", 3)[:3]
    context = browser.new_context(base_url="/".join(base), locale="en-GB")
    return context.new_page()


def test_a_referral_from_the_case_to_the_coordinator_and_back(page: Page, browser: Browser, world: World) -> None:
    marac_world(world)
    world_assessment(world)
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/")
    page.get_by_role("link", name="Refer to MARAC").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer to MARAC")
    expect(page.locator("#referral-facts")).to_contain_text("Vicky Victim")
    assert_accessible(page)

    choose(page, "consent", "refused")
    page.get_by_role("button", name="Send the referral").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Who is the victim afraid of?").fill("Sam Suspect and his brother")
    choose(page, "victim_aware", "yes")
    choose(page, "consent", "given")
    page.get_by_role("button", name="Send the referral").click()
    expect(page.locator("#referral-status")).to_have_text("Waiting for the coordinator")
    assert_accessible(page)
    referral = MaracReferral.objects.get()

    coordinator = other_page(browser, page)
    sign_in_in_browser(coordinator, world.mark, PASSWORD)
    coordinator.goto("/marac/referrals/")
    expect(coordinator.locator("#referral-queue")).to_contain_text(world.case.reference)
    assert_accessible(coordinator)
    coordinator.get_by_role("link", name=world.case.reference).click()
    expect(coordinator.locator("#referral-facts")).to_contain_text("Sam Suspect")
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Return to the referrer").click()
    coordinator.get_by_role("button", name="Return the referral").click()
    expect(coordinator.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(coordinator)
    coordinator.get_by_label("Why is the referral returned?").fill("Lives in another MARAC's area")
    coordinator.get_by_role("button", name="Return the referral").click()
    coordinator.wait_for_url("**/marac/referrals/")
    coordinator.context.close()

    page.goto(f"/cases/{world.case.pk}/marac/referrals/{referral.pk}/")
    expect(page.locator("#referral-returned")).to_contain_text("Lives in another MARAC's area")


def test_a_coordinator_arranges_a_meeting_accepts_a_referral_and_circulates_the_agenda(
    page: Page, world: World
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from safeplan.testing.marac import refer

    referral = refer(world)
    sign_in_in_browser(page, world.mark, PASSWORD)
    page.goto("/marac/meetings/")
    assert_accessible(page)
    page.get_by_role("button", name="Arrange a meeting").click()
    page.get_by_role("button", name="Arrange the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    day = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Day of the meeting").fill(day.strftime("%d %m %Y"))
    page.get_by_label("Time it starts").fill("10:00")
    page.get_by_role("button", name="Arrange the meeting").click()
    expect(page.locator("#agenda-state")).to_have_text("Not yet circulated")
    assert_accessible(page)

    page.goto(f"/marac/referrals/{referral.pk}/")
    page.get_by_role("button", name="Accept onto a meeting").click()
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    choose(page, "meeting", page.locator('input[name="meeting"]').first.get_attribute("value") or "")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator("#agenda")).to_contain_text(world.case.reference)

    page.get_by_role("button", name="Invite an agency").click()
    assert_accessible(page)
    choose(page, "agency", str(world.health.pk))
    page.get_by_role("button", name="Invite").click()
    expect(page.locator("#invited")).to_contain_text("Northshire Health")

    page.get_by_role("button", name="Record attendance").click()
    assert_accessible(page)
    choose(page, "agency", str(world.health.pk))
    page.get_by_label("Name").fill("Pat (synthetic)")
    choose(page, "status", "present")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#attendance")).to_contain_text("Pat (synthetic)")

    page.get_by_role("button", name="Circulate the agenda").click()
    expect(page.locator("#agenda-state")).to_contain_text("Circulated")
    assert_accessible(page)


def test_a_partner_acknowledges_confidentiality_and_sees_only_the_shared_case(page: Page, world: World) -> None:
    from safeplan.marac.services.meetings import agency_invite, agenda_circulate
    from safeplan.testing.marac import world_item

    item = world_item(world)
    agency_invite(actor=world.mark, meeting=item.meeting, agency=world.health)
    agenda_circulate(actor=world.mark, meeting=item.meeting)
    sign_in_in_browser(page, world.pat, PASSWORD)
    page.goto("/marac/shared/")
    assert_accessible(page)
    page.get_by_role("link", name=world.case.reference).click()
    expect(page.locator("#confidentiality-statement")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="I acknowledge the confidentiality statement").click()
    expect(page.locator("#restricted")).to_be_visible()
    expect(page.locator("#referral-facts")).to_contain_text("Sam Suspect")
    assert_accessible(page)


def test_the_coordinator_adds_an_action_from_the_menu_and_the_owning_partner_closes_it(
    page: Page, browser: Browser, world: World
) -> None:
    from safeplan.marac.services.meetings import agency_invite, agenda_circulate
    from safeplan.testing.marac import world_item

    item = world_item(world)
    agency_invite(actor=world.mark, meeting=item.meeting, agency=world.health)
    agenda_circulate(actor=world.mark, meeting=item.meeting)
    sign_in_in_browser(page, world.mark, PASSWORD)
    page.goto(f"/marac/shared/{item.pk}/")
    page.get_by_role("button", name="Add an action").click()
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    choose(page, "part", "victim")
    choose(page, "menu_id", "home_security")
    choose(page, "agency", str(world.health.pk))
    page.get_by_label("Named owner").fill("Pat (synthetic)")
    page.get_by_label("Due").fill("1 1 2099")
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("#actions")).to_contain_text("home security")
    assert_accessible(page)

    partner = other_page(browser, page)
    sign_in_in_browser(partner, world.pat, PASSWORD)
    partner.goto(f"/marac/shared/{item.pk}/")
    partner.get_by_role("button", name="I acknowledge the confidentiality statement").click()
    partner.locator("#actions a").first.click()
    partner.get_by_role("button", name="Close the action").click()
    expect(partner.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(partner)
    choose(partner, "state", "done")
    partner.get_by_role("button", name="Close the action").click()
    expect(partner.locator("#actions")).to_contain_text("Done")
    partner.context.close()


def test_the_coordinator_sees_a_release_alert_and_deals_with_it(page: Page, world: World) -> None:
    from safeplan.testing.marac import world_release_alert

    world_release_alert(world)
    sign_in_in_browser(page, world.mark, PASSWORD)
    page.goto("/marac/meetings/")
    page.get_by_role("link", name="Release alerts").click()
    expect(page.locator("#release-alerts")).to_contain_text(world.case.reference)
    assert_accessible(page)
    page.get_by_role("button", name="Mark as dealt with").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert_accessible(page)


def test_research_the_chair_view_minutes_and_closure_under_axe(page: Page, browser: Browser, world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from safeplan.marac.models import MaracAction, MaracMeeting
    from safeplan.marac.services.meetings import agency_invite, agenda_circulate
    from safeplan.testing.marac import world_action

    action = world_action(world)
    item = action.item
    agency_invite(actor=world.mark, meeting=item.meeting, agency=world.health)
    agenda_circulate(actor=world.mark, meeting=item.meeting)
    overdue = timezone.localdate() - timedelta(days=1)
    MaracAction.objects.filter(pk=action.pk).update(agency=world.health, due_on=overdue)

    sign_in_in_browser(page, world.mark, PASSWORD)
    partner = other_page(browser, page)
    sign_in_in_browser(partner, world.pat, PASSWORD)
    partner.goto(f"/marac/shared/{item.pk}/research/")
    partner.get_by_role("button", name="I acknowledge the confidentiality statement").click()
    partner.get_by_role("link", name="Your agency's research (private to your agency)").click()
    assert_accessible(partner)
    partner.get_by_role("button", name="Add the note").click()
    expect(partner.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(partner)
    choose(partner, "kind", "fact")
    partner.get_by_label("What your agency's records show").fill("Synthetic: A&E visit in March")
    partner.locator('label[for="id_share"]').click()
    partner.get_by_role("button", name="Add the note").click()
    expect(partner.locator("#research-notes")).to_contain_text("A&E visit in March")
    assert_accessible(partner)
    partner.goto("/marac/actions/overdue/")
    expect(partner.locator("#overdue-actions")).to_contain_text(world.case.reference)
    assert_accessible(partner)
    partner.context.close()

    MaracMeeting.objects.filter(pk=item.meeting_id).update(meets_at=timezone.now() - timedelta(hours=1))
    page.goto(f"/marac/meetings/{item.meeting_id}/")
    page.get_by_role("link", name=world.case.reference).click()
    expect(page.locator("#shared-notes")).to_contain_text("A&E visit in March")
    page.get_by_role("link", name="Record the summary and risks").click()
    page.get_by_label("The chair's summary").fill("Synthetic summary")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#restricted")).to_be_visible()
    page.goto(f"/marac/meetings/{item.meeting_id}/")
    page.get_by_role("button", name="Record the meeting as held").click()
    expect(page.locator("#minutes-state")).to_contain_text("Due by")
    assert_accessible(page)
    page.get_by_role("link", name="Read or print the minutes").click()
    expect(page.locator("#minutes-restricted")).to_contain_text("RESTRICTED")
    expect(page).to_have_title("Minutes – " + page.title().split(" – ", 1)[1])
    assert_accessible(page)
    page.goto(f"/marac/shared/{item.pk}/")
    page.get_by_role("link", name="Close the case at MARAC").click()
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_idva_records_what_the_victim_was_told_under_axe(page: Page, world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from safeplan.marac.models import MaracMeeting
    from safeplan.testing.marac import world_item

    item = world_item(world)
    now = timezone.now()
    MaracMeeting.objects.filter(pk=item.meeting_id).update(meets_at=now - timedelta(hours=3), held_at=now)
    sign_in_in_browser(page, world.bob, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/")
    page.locator("#marac-hearings a").first.click()
    expect(page.locator("#safe-contact")).to_contain_text("Phone call")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_neighbourhood_briefing_under_axe(page: Page, world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from safeplan.marac.models import AgendaItem, MaracMeeting
    from safeplan.testing.marac import world_item

    item = world_item(world)
    AgendaItem.objects.filter(pk=item.pk).update(neighbourhood=marac_world(world).neighbourhood)
    MaracMeeting.objects.filter(pk=item.meeting_id).update(meets_at=timezone.now() - timedelta(days=1))
    sign_in_in_browser(page, world.charlie, PASSWORD)
    page.goto("/marac/briefings/")
    assert_accessible(page)
    page.get_by_role("link", name="Testborough Central").click()
    expect(page.locator("#briefing")).to_contain_text("Vicky Victim")
    assert_accessible(page)


def test_the_case_team_shares_a_place_for_an_action_under_axe(page: Page, world: World) -> None:
    from safeplan.testing.marac import world_action

    world_action(world)
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/marac/share-location/")
    assert_accessible(page)
    page.get_by_role("button", name="Share the place").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
