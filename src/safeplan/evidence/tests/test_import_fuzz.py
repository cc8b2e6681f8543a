"""Every importer has depth and size limits: a corpus of bad files, and mutated good ones, never give a 500.

The corpus (safeplan.testing.badfiles) goes through the import page: each file gets an error
summary with a clear message and imports nothing. Mutations of good files (bytes changed,
cut, repeated) go straight to the parsers: the only error they may raise is ImportFormatError.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeplan.domain.messages import (
    ImportFormatError,
    import_eml,
    import_sms_backup,
    import_whatsapp_txt,
    import_whatsapp_zip,
)
from safeplan.evidence.models import Attachment, Incident
from safeplan.personas import World
from safeplan.testing.badfiles import GOOD_CHAT, GOOD_EML, GOOD_SMS, corpus, zipped
from safeplan.testing.signin import sign_in_verified

CORPUS = list(corpus())


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "name", "data"), [entry[1:] for entry in CORPUS], ids=[e[0] for e in CORPUS])
def test_every_bad_file_gets_a_clear_message_and_imports_nothing(
    world: World, media_root: Path, settings: Any, source: str, name: str, data: bytes
) -> None:
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 8 * 1024 * 1024
    client = Client(raise_request_exception=True)
    sign_in_verified(client, world.alice)
    response = client.post(
        f"/cases/{world.case.pk}/incidents/import/", {"source": source, "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    # The summary names the file field with a sentence saying what is wrong.
    assert re.search(r'<li><a href="#id_file">[^<]{20,}</a></li>', page)
    assert not Incident.objects.exists()
    assert not Attachment.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


@st.composite
def mutated(draw: st.DrawFn, good: bytes) -> bytes:
    """Good bytes with a slice cut out, a byte changed, a part repeated, bytes inserted, or cut short."""
    start = draw(st.integers(min_value=0, max_value=len(good)))
    end = draw(st.integers(min_value=start, max_value=len(good)))
    how = draw(st.sampled_from(["cut", "change", "repeat", "truncate", "insert"]))
    if how == "cut":
        return good[:start] + good[end:]
    if how == "change" and start < len(good):
        return good[:start] + bytes([draw(st.integers(0, 255))]) + good[start + 1 :]
    if how == "repeat":
        return good[:end] + good[start:end] * draw(st.integers(1, 50)) + good[end:]
    if how == "insert":
        return good[:start] + draw(st.binary(max_size=40)) + good[start:]
    return good[:start]


def outcome(parse: Callable[[], object]) -> str:
    """Return "imported", or the reason the parser gave; any other exception fails the test."""
    try:
        parse()
    except ImportFormatError as error:
        return str(error)
    return "imported"


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated(GOOD_EML))
def test_a_mutated_email_is_imported_or_refused_with_a_reason(data: bytes) -> None:
    assert outcome(lambda: import_eml(data)) != ""


@FUZZ
@given(mutated(GOOD_SMS))
def test_a_mutated_sms_backup_is_imported_or_refused_with_a_reason(data: bytes) -> None:
    assert outcome(lambda: import_sms_backup(data)) != ""


@FUZZ
@given(mutated(GOOD_CHAT))
def test_a_mutated_chat_is_imported_or_refused_with_a_reason(data: bytes) -> None:
    assert outcome(lambda: import_whatsapp_txt(data)) != ""


GOOD_ZIP = zipped({"WhatsApp Chat with Sam.txt": GOOD_CHAT, "IMG-0001.jpg": b"\xff\xd8\xff" + b"\x01" * 200})


@FUZZ
@given(mutated(GOOD_ZIP))
def test_a_mutated_chat_zip_is_imported_or_refused_with_a_reason(data: bytes) -> None:
    assert outcome(lambda: import_whatsapp_zip(io.BytesIO(data))) != ""


def import_page(world: World, source: str, name: str, data: bytes) -> str:
    client = Client(raise_request_exception=True)
    sign_in_verified(client, world.alice)
    response = client.post(
        f"/cases/{world.case.pk}/incidents/import/", {"source": source, "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_message_longer_than_the_limit_keeps_its_start_in_the_chronology_and_points_to_the_exhibit(
    world: World, settings: Any
) -> None:
    """Issue 13: one 60 MB imported message made its case's export take 288 s and 3 GB."""
    settings.EVIDENCE_MAX_MESSAGE_CHARS = 1000
    body = b"You will regret leaving. " * 4000  # 100,000 characters
    page = import_page(world, "eml", "mail.eml", GOOD_EML.replace(b"I know where you are.", body))
    assert "govuk-error-summary" not in page
    assert "1 message(s) were too long for the chronology" in page
    entry = Incident.objects.get()
    assert len(entry.words_used) < 1300
    assert entry.words_used.startswith("You will regret leaving.")
    assert "holds 100,002 characters in all" in entry.words_used
    assert "exhibit EX-001" in entry.words_used
    assert Attachment.objects.get().size > 100_000  # the whole message, as imported


@pytest.mark.django_db
def test_an_import_holding_more_text_than_the_limit_is_refused(world: World, settings: Any) -> None:
    settings.EVIDENCE_MAX_IMPORT_CHARS = 5000
    chat = b"".join(b"12/03/2026, 21:%02d - Sam: " % minute + b"answer me " * 100 + b"\n" for minute in range(10))
    page = import_page(world, "whatsapp", "chat.txt", chat)
    assert "govuk-error-summary" in page
    assert "characters of text in all: import at most 5,000 at a time" in page
    assert not Incident.objects.exists()
