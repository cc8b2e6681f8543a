"""The case timeline in a real browser: recording events, telling the victim, the work queues, each checked with axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.accounts.models import UndeliveredMail
from safeplan.personas import PASSWORD, World
from safeplan.testing.mail import undelivered_mail_id
from safeplan.timeline.models import ChecklistTick, NotificationRecord, Obligation
from safeplan.timeline.services import event_record

pytestmark = pytest.mark.django_db(transaction=True)

CONDITIONS = "Must not contact her in any way. Must not go to Rose Street."


def test_recording_bail_and_telling_the_victim_by_a_safe_channel(page: Page, world: World) -> None:
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/")
    assert_accessible(page)

    page.get_by_role("link", name="Record an event").click()
    page.wait_for_url("**/events/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)

    page.get_by_label("Released on bail").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/events/new/?type=bail_with_conditions")
    assert_accessible(page)
    page.get_by_role("button", name="Save the event").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)

    earlier = timezone.localtime() - timedelta(hours=2)
    page.get_by_label("Date it happened").fill(earlier.strftime("%Y-%m-%d"))
    page.get_by_label("Time it happened").fill(earlier.strftime("%H:%M"))
    page.get_by_label("Police", exact=True).check()
    page.get_by_label("The conditions, in words the victim can understand").fill(CONDITIONS)
    page.get_by_role("button", name="Save the event").click()
    page.wait_for_url("**/events/*/")
    assert "If the bail conditions are broken" in page.content()
    assert_accessible(page)

    # Telling the victim: a voicemail is on her never list and is refused, a phone call is not.
    page.get_by_role("link", name="Record telling the victim").click()
    page.wait_for_url("**/notify/")
    assert page.get_by_text("Never leave a voicemail").is_visible()
    assert_accessible(page)
    page.get_by_label("Voicemail").check()
    page.get_by_label("The victim was told").check()
    page.get_by_label("What you told the victim").fill("Told her he is on bail and what the conditions mean.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".govuk-error-summary")
    assert "the victim has said never to leave a voicemail" in page.content()
    assert_accessible(page)
    assert not NotificationRecord.objects.exists()
    page.get_by_label("Phone call to the safe number").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/events/*/")
    assert NotificationRecord.objects.get().channel == "phone_call"

    page.goto(f"/cases/{world.case.pk}/timeline/")
    assert "Bail conditions now" in page.content()
    assert_accessible(page)

    page.goto("/cases/obligations/")
    assert_accessible(page)
    page.get_by_role("link", name="Mark as done").first.click()
    page.wait_for_url("**/complete/")
    assert_accessible(page)
    page.get_by_label("What was done").fill("Reassessed with the victim by phone.")
    page.get_by_role("button", name="Mark as done").click()
    page.wait_for_url("**/events/*/")
    assert Obligation.objects.filter(done_at__isnull=False).count() == 2


def test_the_withdrawal_checklist(page: Page, world: World) -> None:
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/events/new/?type=withdrawal_of_support")
    earlier = timezone.localtime() - timedelta(hours=1)
    page.get_by_label("Date it happened").fill(earlier.strftime("%Y-%m-%d"))
    page.get_by_label("Time it happened").fill(earlier.strftime("%H:%M"))
    page.get_by_label("Not known yet").check()
    page.get_by_role("button", name="Save the event").click()
    page.wait_for_url("**/withdrawal-checklist/")
    assert_accessible(page)
    page.get_by_label("Whether anyone has put pressure on the victim to withdraw.").check()
    page.get_by_role("button", name="Save the checklist").click()
    page.wait_for_url("**/events/*/")
    assert_accessible(page)
    assert list(ChecklistTick.objects.values_list("item_id", flat=True)) == ["pressure_to_withdraw"]


def test_a_supervisors_view_of_the_teams_overdue_work(page: Page, world: World) -> None:
    event_record(actor=world.alice, case=world.case, type_id="arrest", occurred_at=timezone.now() - timedelta(days=10))
    sign_in_in_browser(page, world.sue, PASSWORD)
    page.goto("/cases/obligations/team-overdue/")
    assert world.case.reference in page.content()
    assert_accessible(page)
    page.goto("/cases/obligations/")
    assert_accessible(page)


def test_a_supervisor_deals_with_mail_that_could_not_be_delivered(page: Page, world: World) -> None:
    failure = UndeliveredMail.objects.get(pk=undelivered_mail_id(world))
    sign_in_in_browser(page, world.sue, PASSWORD)
    page.goto("/cases/obligations/")
    assert_accessible(page)
    page.get_by_role("link", name="1 email to your team could not be delivered").click()
    page.wait_for_url("**/team-overdue/#undelivered")
    page.get_by_text("Reminder: Reminder: due today").click()
    expect(page.locator(".govuk-details__text", has_text="Tell the victim")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as dealt with").click()
    page.wait_for_url("**/team-overdue/#undelivered")
    expect(page.get_by_text("No undelivered email is waiting.")).to_be_visible()
    assert_accessible(page)
    failure.refresh_from_db()
    assert failure.resolved_by == world.sue


def test_masked_bail_conditions_are_shown_to_a_need_to_know_user_on_request(page: Page, world: World) -> None:
    event = event_record(
        actor=world.alice,
        case=world.case,
        type_id="bail_with_conditions",
        occurred_at=timezone.now() - timedelta(hours=2),
        fields={"granted_by": "court", "conditions_plain": "Not to go within 100 metres of 1 Hidden Lane."},
    )
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/events/{event.pk}/")
    expect(page.locator("main")).to_contain_text("Not to go within 100 metres of [confidential location].")
    assert_accessible(page)
    page.get_by_role("button", name="Show the masked locations").click()
    expect(page.locator("main")).to_contain_text("1 Hidden Lane")
    assert_accessible(page)


def test_notes_and_a_contact_that_answers_two_developments(page: Page, world: World) -> None:
    from safeplan.testing.timeline import record
    from safeplan.timeline.models import CaseNote, Contact

    for kind in ("arrest", "charge"):
        record(world.alice, world.case, kind)
    sign_in_in_browser(page, world.bob, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/")
    page.get_by_role("navigation", name="Sections of this case").get_by_role("link", name="Notes and contacts").click()
    page.locator("#section-notes").get_by_role("link", name="Write a note").click()
    page.wait_for_url("**/notes/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Save the note").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("Note").fill("Victim says the suspect drove past twice on Monday.")
    page.get_by_role("button", name="Save the note").click()
    page.wait_for_url("**/notes/?show=notes")
    assert_accessible(page)
    page.get_by_role("link", name="Correct").click()
    assert_accessible(page)
    page.get_by_label("Corrected note").fill("Victim says the suspect drove past twice on Tuesday.")
    page.get_by_label("Why is it corrected?").fill("I wrote the wrong day.")
    page.get_by_role("button", name="Save the correction").click()
    page.wait_for_url("**/notes/?show=notes")
    expect(page.get_by_text("this is the original, kept in the history")).to_be_visible()
    assert CaseNote.objects.count() == 2

    page.get_by_role("link", name="Record a contact").click()
    page.wait_for_url("**/contacts/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Save the contact").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("We contacted the victim").check()
    page.get_by_label("Phone call to the safe number").check()
    page.get_by_label("Spoke with the victim").check()
    page.get_by_label("What was said, or what happened").fill("Told her about the arrest and the charge in one call.")
    for box in page.locator("input[name=answers]").all():
        box.check()
    page.get_by_role("button", name="Save the contact").click()
    page.wait_for_url("**/notes/?show=contacts")
    assert_accessible(page)
    assert Contact.objects.count() == 1
    assert not Obligation.objects.filter(case=world.case, kind="notify", done_at__isnull=True).exists()


def test_closing_a_case_gives_each_open_task_an_outcome_first(page: Page, world: World) -> None:
    from safeplan.testing.timeline import record

    record(world.alice, world.case, "bail_with_conditions")
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/close/")
    expect(page.locator("#open-items")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Give the open tasks an outcome").click()
    page.wait_for_url("**/close/tasks/")
    assert_accessible(page)
    page.get_by_role("button", name="Save the outcomes").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    for fieldset in page.locator("main form fieldset.govuk-fieldset:has(legend.govuk-fieldset__legend--m)").all():
        fieldset.locator("input[type=radio]").last.check()
        fieldset.locator("textarea").fill("Not needed: the case is closing.")
    page.get_by_role("button", name="Save the outcomes").click()
    page.wait_for_url("**/close/")
    expect(page.locator("#open-items")).to_have_count(0)
    assert not Obligation.objects.filter(case=world.case, done_at__isnull=True).exists()
