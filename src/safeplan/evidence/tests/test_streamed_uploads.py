"""Uploads past the in-memory limit arrive sealed (uploadhandlers) and every page reads them as before."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from safeplan.evidence import services
from safeplan.evidence.models import Attachment, Incident
from safeplan.evidence.uploadhandlers import EncryptedUploadedFile
from safeplan.personas import World
from safeplan.testing.evidence import record_incident
from safeplan.testing.forms import submit
from safeplan.testing.signin import sign_in_verified


@pytest.fixture(autouse=True)
def small_memory_limit(settings: Any) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024


def signed_in(world: World) -> Client:
    client = Client(raise_request_exception=True)
    sign_in_verified(client, world.alice)
    return client


@pytest.mark.django_db
def test_an_exhibit_past_the_memory_limit_is_received_sealed_and_stored_exactly(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    received: list[type] = []
    original = services.attachment_add

    def spy(**kwargs: Any) -> Attachment:
        received.append(type(kwargs["upload"]))
        return original(**kwargs)

    monkeypatch.setattr(services, "attachment_add", spy)
    data = b"Synthetic diary text line.\n" * 40_000  # about 1 MB, several sealed chunks
    incident = record_incident(world.alice, world.case)
    client = signed_in(world)
    response = submit(
        client,
        f"/cases/{world.case.pk}/incidents/{incident.pk}/attachments/new/",
        {"file": SimpleUploadedFile("diary.txt", data), "description": "Her diary."},
    )
    assert response.status_code == 302
    assert received == [EncryptedUploadedFile]
    exhibit = Attachment.objects.get()
    assert exhibit.sha256 == hashlib.sha256(data).hexdigest()
    download = client.get(f"/cases/{world.case.pk}/attachments/{exhibit.pk}/download/")
    assert b"".join(download.streaming_content) == data  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_whatsapp_zip_past_the_memory_limit_is_read_by_seeking_in_the_sealed_upload(world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("IMG-0001.jpg", os.urandom(600_000))
        archive.writestr("WhatsApp Chat with Sam.txt", "12/03/2026, 21:04 - Sam: you can't hide\n")
    response = signed_in(world).post(
        f"/cases/{world.case.pk}/incidents/import/",
        {"source": "whatsapp", "file": SimpleUploadedFile("WhatsApp Chat with Sam.zip", buffer.getvalue())},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" not in response.content.decode()
    assert Incident.objects.filter(case=world.case).count() == 1
    assert Attachment.objects.get().sha256 == hashlib.sha256(buffer.getvalue()).hexdigest()
