"""Saved messages become one exhibit (the original, hashed) and dated entries; a bad file imports nothing."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.evidence import chain
from safeplan.evidence.models import Attachment, Incident
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified

SAMPLES = Path(__file__).resolve().parents[2] / "domain" / "tests" / "samples"


def post(world: World, name: str, data: bytes, source: str, **extra: Any) -> Any:
    client = Client()
    sign_in_verified(client, world.alice)
    return client.post(
        f"/cases/{world.case.pk}/incidents/import/",
        {"source": source, "file": SimpleUploadedFile(name, data), **extra},
    )


def evidence_files(media_root: Path) -> list[Path]:
    folder = media_root / "evidence"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.mark.parametrize(
    ("sample", "source", "expected"),
    [
        ("whatsapp_android_uk.txt", "whatsapp", None),
        ("whatsapp_iphone.txt", "whatsapp", None),
        ("sms_backup.xml", "sms", None),
        ("email_with_attachment.eml", "eml", 1),
    ],
)
def test_saved_messages_import_as_an_exhibit_and_dated_entries(
    world: World, sample: str, source: str, expected: int | None
) -> None:
    data = (SAMPLES / sample).read_bytes()
    response = post(world, sample, data, source, own_name="Casey Sample")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Messages imported" in html, html[:2000]
    exhibit = Attachment.objects.get()
    assert exhibit.sha256 == hashlib.sha256(data).hexdigest()
    assert exhibit.kind == "messages"
    entries = Incident.objects.filter(source="imported")
    assert entries.count() >= 1
    assert all(entry.source_attachment_id == exhibit.pk for entry in entries)
    if expected is not None:
        assert entries.count() == expected
    event = AuditEvent.objects.get(verb=Verb.MESSAGES_IMPORTED)
    assert event.detail["entries"] == entries.count()
    assert event.detail["sha256"] == exhibit.sha256
    assert chain.check_chain(world.case).ok


def test_the_victims_own_messages_are_kept_as_their_words(world: World) -> None:
    data = (SAMPLES / "whatsapp_android_uk.txt").read_bytes()
    post(world, "chat.txt", data, "whatsapp", own_name="Casey Sample")
    words = [entry.words_used for entry in Incident.objects.all()]
    assert any("I know you're not at your sister's." in text for text in words)


def test_a_whatsapp_zip_with_media_imports(world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("WhatsApp Chat with Jordan Example.txt", (SAMPLES / "whatsapp_iphone.txt").read_bytes())
        archive.writestr("00000012-PHOTO-2026-11-21-14-06-10.jpg", b"\xff\xd8\xff\xe0fakejpeg")
    response = post(world, "chat.zip", buffer.getvalue(), "whatsapp")
    assert "Messages imported" in response.content.decode()
    assert Attachment.objects.get().content_type == "application/zip"


@pytest.mark.parametrize(
    ("name", "data", "source"),
    [
        ("chat.txt", b"this is not a chat export\nat all\n", "whatsapp"),
        ("backup.xml", b'<?xml version="1.0"?><smses count="1"><sms address="1" date="x" ', "sms"),
        ("backup.xml", (SAMPLES / "sms_billion_laughs.xml").read_bytes(), "sms"),
        ("mail.eml", b"no headers here, just words\n", "eml"),
        ("chat.zip", b"PK\x03\x04 broken zip", "whatsapp"),
        ("chat.txt", (SAMPLES / "whatsapp_android_uk.txt").read_bytes(), "sms"),
    ],
)
def test_a_malformed_file_gets_a_clear_error_and_imports_nothing(
    world: World, media_root: Path, name: str, data: bytes, source: str
) -> None:
    before = AuditEvent.objects.count()
    response = post(world, name, data, source)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "could not be imported" in html or "cannot be added" in html or "no messages" in html
    assert not Incident.objects.exists()
    assert not Attachment.objects.exists()
    assert evidence_files(media_root) == []
    assert AuditEvent.objects.count() == before


def test_a_failure_after_the_file_is_written_removes_it(world: World, media_root: Path, monkeypatch: Any) -> None:
    from safeplan.evidence import imports

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(imports, "record", boom)
    upload = SimpleUploadedFile("chat.txt", (SAMPLES / "whatsapp_android_uk.txt").read_bytes())
    with pytest.raises(RuntimeError):
        imports.messages_import(
            actor=world.alice, case=world.case, upload=upload, name="chat.txt", size=upload.size, source="whatsapp"
        )
    assert not Incident.objects.exists()
    assert not Attachment.objects.exists()
    assert evidence_files(media_root) == []
