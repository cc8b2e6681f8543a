"""Exhibits: encrypted at rest, hashed at upload, limited by size and sniffed type, served only with checks."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.evidence.models import Amendment, Attachment, SharedCopy
from safeplan.personas import World
from safeplan.testing.evidence import add_exhibit, gps_of, jpeg_with_gps, record_incident
from safeplan.testing.forms import submit
from safeplan.testing.signin import sign_in_verified


def files_in(media_root: Path) -> list[Path]:
    folder = media_root / "evidence"
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def signed_in(user: Any) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def test_an_exhibit_records_the_sha256_of_the_original_and_is_unreadable_on_disk(
    world: World, media_root: Path
) -> None:
    incident = record_incident(world.alice, world.case)
    data = jpeg_with_gps()
    response = submit(
        signed_in(world.alice),
        f"/cases/{world.case.pk}/incidents/{incident.pk}/attachments/new/",
        {"file": SimpleUploadedFile("bruise.jpg", data, content_type="image/jpeg"), "description": "Bruise on arm"},
    )
    assert response.status_code == 302
    exhibit = Attachment.objects.get()
    assert exhibit.sha256 == hashlib.sha256(data).hexdigest()
    assert exhibit.size == len(data)
    assert exhibit.reference == "EX-001"
    assert exhibit.content_type == "image/jpeg"
    stored = files_in(media_root)
    assert len(stored) == 1
    raw = stored[0].read_bytes()
    assert data not in raw
    assert data[:64] not in raw
    assert b"SyntheticCam" not in raw
    event = AuditEvent.objects.get(verb=Verb.ATTACHMENT_ADDED)
    assert event.detail["sha256"] == exhibit.sha256
    assert event.detail["exhibit"] == "EX-001"
    assert Amendment.objects.get().kind == "exhibit"


def test_a_download_streams_the_original_with_no_store_and_is_audited(world: World) -> None:
    incident = record_incident(world.alice, world.case)
    data = jpeg_with_gps()
    exhibit = add_exhibit(world.alice, world.case, incident, data)
    response = signed_in(world.bob).get(f"/cases/{world.case.pk}/attachments/{exhibit.pk}/download/")
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == data  # type: ignore[attr-defined]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="EX-001.jpg"'
    assert AuditEvent.objects.filter(verb=Verb.ATTACHMENT_DOWNLOADED, actor=world.bob).exists()


def test_the_shared_copy_has_no_gps_and_the_original_keeps_it(world: World) -> None:
    incident = record_incident(world.alice, world.case)
    data = jpeg_with_gps()
    assert gps_of(data)
    exhibit = add_exhibit(world.alice, world.case, incident, data, shared_copy=True)
    client = signed_in(world.alice)
    base = f"/cases/{world.case.pk}/attachments/{exhibit.pk}/download/"
    original = b"".join(client.get(base).streaming_content)  # type: ignore[attr-defined]
    shared = client.get(base + "?copy=shared")
    copy = b"".join(shared.streaming_content)  # type: ignore[attr-defined]
    assert original == data
    assert gps_of(original)
    assert gps_of(copy) == {}
    assert b"SyntheticCam" not in copy
    assert shared["Cache-Control"] == "no-store"
    assert SharedCopy.objects.get().sha256 == hashlib.sha256(copy).hexdigest()
    assert AuditEvent.objects.filter(verb=Verb.ATTACHMENT_SHARED_COPY).exists()


def test_a_shared_copy_can_be_made_later(world: World) -> None:
    incident = record_incident(world.alice, world.case)
    exhibit = add_exhibit(world.alice, world.case, incident, jpeg_with_gps())
    response = signed_in(world.alice).post(f"/cases/{world.case.pk}/attachments/{exhibit.pk}/shared-copy/")
    assert response.status_code == 302
    assert SharedCopy.objects.filter(attachment=exhibit).exists()


def test_a_text_file_pretending_to_be_a_jpeg_is_refused_and_nothing_is_written(world: World, media_root: Path) -> None:
    incident = record_incident(world.alice, world.case)
    response = submit(
        signed_in(world.alice),
        f"/cases/{world.case.pk}/incidents/{incident.pk}/attachments/new/",
        {"file": SimpleUploadedFile("photo.jpg", b"just some text, not a picture", content_type="image/jpeg")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "not of that type" in html
    assert not Attachment.objects.exists()
    assert not Amendment.objects.exists()
    assert files_in(media_root) == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 40, "not a type that can be added"),
        ("notes.exe", b"plain text", "cannot be added"),
        ("empty.jpg", b"", "empty"),
    ],
)
def test_files_of_other_types_are_refused_with_a_clear_error(
    world: World, media_root: Path, name: str, data: bytes, message: str
) -> None:
    incident = record_incident(world.alice, world.case)
    with pytest.raises(ValidationError, match=message):
        add_exhibit(world.alice, world.case, incident, data, name=name)
    assert not Attachment.objects.exists()
    assert files_in(media_root) == []


def test_a_file_over_the_size_limit_is_refused(world: World, settings: Any, media_root: Path) -> None:
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1000
    incident = record_incident(world.alice, world.case)
    with pytest.raises(ValidationError, match=r"MB or smaller"):
        add_exhibit(world.alice, world.case, incident, b"\xff\xd8\xff" + b"\x00" * 2000)
    assert not Attachment.objects.exists()
    assert files_in(media_root) == []


def test_a_shared_copy_of_a_pdf_is_refused_not_silently_skipped(world: World, media_root: Path) -> None:
    incident = record_incident(world.alice, world.case)
    with pytest.raises(ValidationError, match="only from JPEG and PNG"):
        add_exhibit(world.alice, world.case, incident, b"%PDF-1.4\n%%EOF\n", name="letter.pdf", shared_copy=True)
    assert files_in(media_root) == []


def test_an_exhibit_of_another_case_is_404(world: World) -> None:
    from safeplan.cases.models import Case

    other = Case.objects.create(
        reference="SP-TEST-0002",
        team=world.north,
        responsible_officer=world.alice,
        spoc=world.bob,
        created_by=world.alice,
    )
    incident = record_incident(world.alice, other)
    exhibit = add_exhibit(world.alice, other, incident, jpeg_with_gps())
    response = signed_in(world.alice).get(f"/cases/{world.case.pk}/attachments/{exhibit.pk}/download/")
    assert response.status_code == 404
