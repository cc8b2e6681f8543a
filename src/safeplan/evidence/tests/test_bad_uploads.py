"""Bad uploads give a GOV.UK error, never a 500, and leave nothing on disk."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import SafeContact
from safeplan.evidence import checks, exports, metadata
from safeplan.evidence.models import Attachment, Incident
from safeplan.personas import World
from safeplan.testing.evidence import gps_of, jpeg_with_gps, nested_eml, record_incident
from safeplan.testing.forms import submit
from safeplan.testing.signin import sign_in_verified


def signed_in(world: World) -> Client:
    client = Client(raise_request_exception=True)
    sign_in_verified(client, world.alice)
    return client


def evidence_files(media_root: Path) -> list[Path]:
    folder = media_root / "evidence"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def import_post(world: World, name: str, data: bytes, source: str) -> Any:
    return signed_in(world).post(
        f"/cases/{world.case.pk}/incidents/import/", {"source": source, "file": SimpleUploadedFile(name, data)}
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "source"),
    [
        ("chat.txt", "12/03/2026, 21:04 - Sam: caf\xe9 ce soir".encode("latin-1"), "whatsapp"),
        ("chat.txt", b"\xff\xfe" + "12/03/2026, 21:04 - Sam: hi".encode("utf-16-le"), "whatsapp"),
        (
            "sms.xml",
            b'<?xml version="1.0" encoding="ISO-8859-1"?><smses count="1"><sms body="caf\xe9"/></smses>',
            "sms",
        ),
        ("sms.xml", b"<?xml version='1.0'?><smses><sms " + b"a" * 5000, "sms"),
        ("mail.eml", b"From: \xff\xfe\r\nDate: nonsense\r\n\r\nbody \xe9", "eml"),
        ("mail.eml", nested_eml(1000), "eml"),
        ("chat.zip", b"PK\x03\x04" + b"\x00" * 100, "whatsapp"),
        ("chat.txt", b"PK\x03\x04" + b"\x00" * 100, "sms"),
        ("photo.jpg", jpeg_with_gps()[:200], "whatsapp"),
    ],
)
def test_a_malformed_import_gives_an_error_summary_and_imports_nothing(
    world: World, media_root: Path, name: str, data: bytes, source: str
) -> None:
    response = import_post(world, name, data, source)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Incident.objects.filter(case=world.case).exists()
    assert evidence_files(media_root) == []


@pytest.mark.django_db
def test_a_whatsapp_zip_bomb_is_refused_before_it_is_expanded(world: World, media_root: Path, settings: Any) -> None:
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("WhatsApp Chat with Sam.txt", "12/03/2026, 21:04 - Sam: hello\n")
        archive.writestr("IMG-0001.jpg", b"\x00" * (64 * 1024 * 1024))
    response = import_post(world, "WhatsApp Chat with Sam.zip", buffer.getvalue(), "whatsapp")
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Incident.objects.filter(case=world.case).exists()
    assert evidence_files(media_root) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [b"not a zip at all", b"PK\x03\x04" + b"\x00" * 64, b"PK\x05\x06" + b"\x00" * 18, jpeg_with_gps()]
)
def test_checking_something_that_is_not_a_bundle_says_so_without_an_error_page(world: World, data: bytes) -> None:
    response = signed_in(world).post("/cases/bundles/verify/", {"file": SimpleUploadedFile("x.zip", data)})
    assert response.status_code == 200


@pytest.mark.django_db
def test_checking_an_empty_upload_gives_an_error_summary(world: World) -> None:
    response = signed_in(world).post("/cases/bundles/verify/", {"file": SimpleUploadedFile("x.zip", b"")})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "shared"),
    [
        ("photo.jpg", jpeg_with_gps()[:300], "on"),
        ("photo.jpg", b"\xff\xd8\xff" + b"\x00" * 50, "on"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "on"),
        ("photo.exe", b"MZ" + b"\x00" * 50, ""),
        ("photo.jpg", b"", ""),
    ],
)
def test_a_bad_attachment_gives_an_error_summary_or_a_kept_original(
    world: World, media_root: Path, name: str, data: bytes, shared: str
) -> None:
    incident = record_incident(world.alice, world.case)
    before = Attachment.objects.count()
    response = submit(
        signed_in(world),
        f"/cases/{world.case.pk}/incidents/{incident.pk}/attachments/new/",
        {"file": SimpleUploadedFile(name, data), "shared_copy": shared, "description": "x"},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "govuk-error-summary" in response.content.decode()
        assert Attachment.objects.count() == before
        assert evidence_files(media_root) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        {"occurred_on": "2026-02-30", "summary": "x"},
        {"occurred_on": "9999-12-31", "occurred_time": "23:59", "summary": "x"},
        {"occurred_on": "27/3/1026", "occurred_time": "12:00", "summary": "x"},
        {"occurred_on": "2026-01-01", "occurred_time": "25:99", "summary": "x"},
        {"occurred_on": "2026-01-01", "occurred_time": "12:00", "summary": "x", "body_regions": ["nope"]},
        {"occurred_on": "2026-01-01", "occurred_time": "12:00", "summary": "x\x00y"},
    ],
)
def test_a_bad_incident_form_gives_an_error_summary(world: World, payload: dict[str, Any]) -> None:
    response = submit(signed_in(world), f"/cases/{world.case.pk}/incidents/new/", payload)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Incident.objects.filter(case=world.case).exists()


def victim_safe_contact(world: World) -> None:
    SafeContact.objects.update_or_create(
        case=world.case, defaults={"email": "Safe.Mail@example.org", "phone_number": "07700 900123"}
    )


@pytest.mark.django_db
def test_an_imported_email_does_not_copy_the_victims_safe_email_into_the_chronology(world: World) -> None:
    victim_safe_contact(world)
    eml = (
        b"From: Jo Victim <safe.mail@example.org>\r\nTo: Sam <sam@example.net>\r\n"
        b"Date: Thu, 12 Mar 2026 21:04:00 +0000\r\nSubject: stop\r\n\r\nPlease stop calling me.\r\n"
    )
    response = import_post(world, "mail.eml", eml, "eml")
    assert response.status_code == 200
    entries = exports.chronology_entries(world.case)
    assert len(entries) == 1
    assert "safe.mail@example.org" not in entries[0].summary.lower()
    assert "Jo Victim" in entries[0].summary


@pytest.mark.django_db
def test_an_imported_sms_does_not_copy_the_victims_safe_number_into_the_chronology(world: World) -> None:
    victim_safe_contact(world)
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><smses count="1">'
        b'<sms address="+44 7700 900123" date="1773349440000" type="1" body="I know where you are" '
        b'contact_name="(Unknown)" readable_date="" /></smses>'
    )
    response = import_post(world, "sms.xml", xml, "sms")
    assert response.status_code == 200
    summaries = " ".join(entry.summary for entry in exports.chronology_entries(world.case))
    assert summaries
    assert "7700" not in summaries


@pytest.mark.django_db
def test_checking_a_zip_bomb_reports_it_without_expanding_it(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def expand(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the bomb was opened")

    monkeypatch.setattr(checks, "verify_bundle", expand)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("exhibits/EX-001.jpg", b"\x00" * (64 * 1024 * 1024))
    response = signed_in(world).post(
        "/cases/bundles/verify/", {"file": SimpleUploadedFile("bundle.zip", buffer.getvalue())}
    )
    assert response.status_code == 200
    assert "far larger than the ZIP itself" in response.content.decode()
    assert AuditEvent.objects.filter(verb=Verb.BUNDLE_VERIFIED, detail__intact=False).exists()


def test_the_shared_copy_of_a_jpeg_drops_what_a_phone_appended_after_the_image() -> None:
    photo = jpeg_with_gps()
    # A second picture with its own GPS, as phones append (MPF previews, motion photos).
    trailer = jpeg_with_gps() + b"ftypmp42 \xa9xyz+51.5033-000.1195/"
    out = io.BytesIO()
    removed = metadata.strip_jpeg(io.BytesIO(photo + trailer), out)
    copy = out.getvalue()
    assert copy.endswith(b"\xff\xd9")
    assert b"+51.5033" not in copy
    assert b"Exif" not in copy
    assert "data after the end of the image" in removed
    assert gps_of(copy) == {}
    assert Image.open(io.BytesIO(copy)).size == (24, 16)


def test_stripping_keeps_every_picture_byte_of_a_progressive_jpeg() -> None:
    image = Image.new("RGB", (64, 48), (10, 200, 90))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", progressive=True, exif=Image.Exif().tobytes())
    out = io.BytesIO()
    metadata.strip_jpeg(io.BytesIO(buffer.getvalue()), out)
    assert Image.open(io.BytesIO(out.getvalue())).tobytes() == Image.open(buffer).tobytes()


def test_stripping_a_jpeg_whose_scan_is_cut_short_says_it_is_damaged() -> None:
    photo = jpeg_with_gps()
    with pytest.raises(metadata.MetadataError):
        metadata.strip_jpeg(io.BytesIO(photo[:-2]), io.BytesIO())


@pytest.mark.django_db
def test_importing_the_same_file_twice_adds_nothing_the_second_time(world: World, media_root: Path) -> None:
    chat = b"12/03/2026, 21:04 - Sam: you can't hide\n12/03/2026, 21:05 - Sam: answer me\n"
    assert import_post(world, "WhatsApp Chat with Sam.txt", chat, "whatsapp").status_code == 200
    files = evidence_files(media_root)
    again = import_post(world, "WhatsApp Chat with Sam.txt", chat, "whatsapp")
    assert "govuk-error-summary" in again.content.decode()
    assert "already imported as exhibit EX-001" in again.content.decode()
    assert Incident.objects.filter(case=world.case).count() == 2
    assert Attachment.objects.filter(case=world.case).count() == 1
    assert evidence_files(media_root) == files
