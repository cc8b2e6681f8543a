"""The incident diary in a real browser: recording, exhibits, amendments, import, export, checking; axe on each."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.evidence.models import Amendment, Attachment, Incident
from safeplan.personas import PASSWORD, World
from safeplan.testing.evidence import jpeg_with_gps

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "safeplan" / "domain" / "tests" / "samples"


@pytest.fixture(autouse=True)
def media_root(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


def test_recording_an_incident_with_an_exhibit_and_an_amendment(page: Page, world: World) -> None:
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/incidents/")
    assert_accessible(page)

    page.get_by_role("link", name="Record an incident").click()
    page.wait_for_url("**/incidents/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Save the incident").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)

    page.get_by_label("Date it happened").fill("27/03/2026")
    page.get_by_label("Time it happened").fill("21:30")
    page.get_by_label("What happened").fill("He pushed her against the kitchen door.")
    page.get_by_label("The victim's account in their own words").fill("He pushed me and said I'd regret leaving.")
    page.get_by_label("Left arm").check()
    page.get_by_label("Face").check()
    page.get_by_role("button", name="Save the incident").click()
    page.wait_for_url("**/incidents/*/")
    assert page.locator("svg[role=img]").count() == 1
    assert_accessible(page)
    incident = Incident.objects.get()

    page.get_by_role("link", name="Add an exhibit").click()
    page.wait_for_url("**/attachments/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("File").set_input_files(
        {"name": "bruise.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}
    )
    page.get_by_label("Also make a copy without location data, for sharing").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    assert "Download the copy without location data" in page.content()
    assert_accessible(page)
    assert Attachment.objects.count() == 1

    page.get_by_role("link", name="Add an amendment").click()
    page.wait_for_url("**/amend/")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("A correction").check()
    page.get_by_label("The amendment", exact=True).fill("It was 22:30.")
    page.get_by_label("Reason").fill("She checked her phone.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    assert "It was 22:30." in page.content()
    assert "He pushed her against the kitchen door." in page.content()
    assert Amendment.objects.filter(kind="correction").exists()


def test_importing_messages_exporting_and_checking_a_bundle(page: Page, world: World, tmp_path: Path) -> None:
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/incidents/import/")
    assert_accessible(page)
    page.get_by_label("WhatsApp chat export").check()
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "chat.txt", "mimeType": "text/plain", "buffer": b"not a chat"}
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    assert not Incident.objects.exists()
    page.get_by_label("WhatsApp chat export").check()
    page.get_by_label("File", exact=True).set_input_files(str(SAMPLES / "whatsapp_android_uk.txt"))
    page.get_by_role("button", name="Import").click()
    page.wait_for_selector(".govuk-panel")
    assert_accessible(page)
    assert Incident.objects.exists()

    page.goto(f"/cases/{world.case.pk}/incidents/")
    assert_accessible(page)
    page.get_by_role("link", name="Export an evidence bundle").click()
    page.wait_for_url("**/bundle/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export the bundle").click()
    bundle = tmp_path / "bundle.zip"
    download_info.value.save_as(bundle)

    page.goto("/cases/bundles/verify/")
    assert_accessible(page)
    page.get_by_role("button", name="Check the bundle").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("Bundle file (.zip)").set_input_files(str(bundle))
    page.get_by_role("button", name="Check the bundle").click()
    page.wait_for_selector(".govuk-panel")
    assert "The bundle is intact" in page.content()
    assert_accessible(page)


def test_a_rehashed_forgery_is_refused_in_the_browser_and_the_keys_page_is_public(
    page: Page, world: World, tmp_path: Path
) -> None:
    from safeplan.testing.evidence import add_exhibit, forged, record_incident

    incident = record_incident(world.alice, world.case)
    add_exhibit(world.alice, world.case, incident, jpeg_with_gps())
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/bundle/")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export the bundle").click()
    bundle = tmp_path / "bundle.zip"
    download_info.value.save_as(bundle)
    forgery = tmp_path / "forged.zip"
    forgery.write_bytes(forged(bundle.read_bytes()))
    page.goto("/cases/bundles/verify/")
    page.get_by_label("Bundle file (.zip)").set_input_files(str(forgery))
    page.get_by_role("button", name="Check the bundle").click()
    page.wait_for_selector(".govuk-error-summary")
    assert "the manifest was changed after it was signed" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="The service's signing keys, and how to check a bundle without this service").click()
    page.wait_for_url("**/evidence-keys/")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/evidence-keys/")
    assert page.get_by_role("heading", name="Signing keys for evidence bundles").is_visible()
    assert_accessible(page)
