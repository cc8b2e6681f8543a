"""The diary of a survivor space: append-only, hash-chained, sealed, and exportable as evidence."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from safeplan.domain.manifest import verify_bundle
from safeplan.survivor import diary, services
from safeplan.survivor.document import PlanSpace
from safeplan.survivor.models import Vault, VaultBlob
from safeplan.testing.survivor import ENTRY, JPEG, add, document


def test_an_entry_is_saved_in_her_own_words_in_the_sealed_document(space: tuple[Client, str]) -> None:
    client, words = space
    response = add(client)
    assert response.status_code == 302
    assert response["Location"] == "/s/d/"
    page = client.get("/s/d/").content.decode()
    assert "He pushed me against the fridge" in page
    assert "Left arm" in page
    assert "43/1234/26" in page
    stored = document(words).diary
    assert [link["kind"] for link in stored] == ["entry"]
    assert stored[0]["sequence"] == 0
    assert set(stored[0]) == {"sequence", "kind", "payload", "previous_hash", "hash"}
    assert b"fridge" not in bytes(Vault.objects.get().content)


def test_an_approximate_date_needs_no_time_and_is_marked(space: tuple[Client, str]) -> None:
    client, words = space
    add(client, occurred_time="", time_is_approximate="on", approximation="late January")
    page = client.get("/s/d/").content.decode()
    assert "Approximate" in page
    assert "late January" in page
    assert document(words).diary[0]["payload"]["approximate"] is True


@pytest.mark.parametrize(
    "changes",
    [
        {"what_happened": ""},
        {"occurred_on": ""},
        {"occurred_on": "31/2/2026"},
        {"occurred_on": "1/1/2099"},
        {"occurred_on": "27/3/0026"},
        {"occurred_time": ""},
        {"occurred_time": "25:99"},
        {"body_regions": ["tail"]},
    ],
)
def test_bad_input_shows_an_error_summary_and_saves_nothing(space: tuple[Client, str], changes: dict[str, Any]) -> None:
    client, _words = space
    before = bytes(Vault.objects.get().content)
    response = add(client, **changes)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert bytes(Vault.objects.get().content) == before


def test_an_empty_post_is_validated(space: tuple[Client, str]) -> None:
    client, _words = space
    before = bytes(Vault.objects.get().content)
    assert "govuk-error-summary" in client.post("/s/d/n/", {}).content.decode()
    assert bytes(Vault.objects.get().content) == before


def test_an_amendment_is_shown_under_the_original_which_never_changes(space: tuple[Client, str]) -> None:
    client, words = space
    add(client)
    original = dict(document(words).diary[0])
    form = client.post("/s/d/a/", {"entry": "0", "action": "amend"})
    assert form.status_code == 200
    assert "Add a correction or note" in form.content.decode()
    bad = client.post("/s/d/a/", {"entry": "0", "action": "save", "text": ""})
    assert "govuk-error-summary" in bad.content.decode()
    assert len(document(words).diary) == 1
    saved = client.post(
        "/s/d/a/", {"entry": "0", "action": "save", "kind": "correction", "text": "It was 22:30, not 21:30."}
    )
    assert saved.status_code == 302
    stored = document(words).diary
    assert stored[0] == original
    assert stored[1]["kind"] == "amendment"
    assert stored[1]["payload"]["amends"] == 0
    assert stored[1]["previous_hash"] == stored[0]["hash"]
    page = client.get("/s/d/").content.decode()
    assert page.index("He pushed me") < page.index("It was 22:30")
    assert "Correction" in page


def test_an_amendment_must_name_an_entry(space: tuple[Client, str]) -> None:
    client, words = space
    add(client)
    client.post("/s/d/a/", {"entry": "0", "action": "save", "kind": "addition", "text": "More"})
    for entry in ("1", "7", "-1", "x", ""):
        response = client.post("/s/d/a/", {"entry": entry, "action": "save", "kind": "addition", "text": "X"})
        assert response.status_code == 302
    assert len(document(words).diary) == 2
    assert client.get("/s/d/a/").status_code == 405


def test_the_chain_verifies_and_entries_show_in_date_order(space: tuple[Client, str]) -> None:
    client, words = space
    add(client, occurred_on="10/3/2026", what_happened="Second thing")
    add(client, occurred_on="1/3/2026", what_happened="First thing")
    client.post("/s/d/a/", {"entry": "1", "action": "save", "kind": "addition", "text": "Also this"})
    content = document(words)
    assert diary.verify(content).ok
    assert diary.verify(content).length == 3
    assert [entry.sequence for entry in diary.entries(content)] == [1, 0]
    page = client.get("/s/d/").content.decode()
    assert page.index("First thing") < page.index("Second thing")


def test_tampering_with_the_chain_is_detected_and_refuses_export_and_additions(space: tuple[Client, str]) -> None:
    client, words = space
    add(client)
    add(client, what_happened="Another time")
    opened = services.vault_open(words)
    assert opened is not None

    def tamper(content: PlanSpace) -> None:
        content.diary[0]["payload"]["what_happened"] = "Nothing happened."

    services.plan_update(opened, tamper)
    assert not diary.verify(document(words)).ok
    page = client.get("/s/d/")
    assert page.status_code == 200
    assert "checks do not match" in page.content.decode()
    assert "Nothing happened." not in page.content.decode()
    assert "checks do not match" in client.get("/s/d/f/").content.decode()
    refused = client.post("/s/d/f/")
    assert refused.status_code == 409
    assert refused.get("Content-Disposition") is None
    before = bytes(Vault.objects.get(pk=opened.vault_id).content)
    assert add(client).status_code == 409
    assert bytes(Vault.objects.get(pk=opened.vault_id).content) == before
    with pytest.raises(diary.DiaryBroken):
        diary.export(opened, document(words))


def test_removing_an_entry_is_detected(space: tuple[Client, str]) -> None:
    client, words = space
    add(client)
    add(client, what_happened="Another time")
    opened = services.vault_open(words)
    assert opened is not None
    services.plan_update(opened, lambda content: content.diary.pop(0))
    assert not diary.verify(document(words)).ok


@pytest.mark.parametrize("damage", ["not a row", None, {"sequence": 0}])
def test_a_damaged_row_is_reported_as_a_broken_chain_not_an_error(space: tuple[Client, str], damage: Any) -> None:
    client, words = space
    add(client)
    opened = services.vault_open(words)
    assert opened is not None
    services.plan_update(opened, lambda content: content.diary.append(damage))
    assert not diary.verify(document(words)).ok
    assert "checks do not match" in client.get("/s/d/").content.decode()


def test_the_notes_space_has_no_diary(space: tuple[Client, str]) -> None:
    client, _words = space
    response = client.post("/s/s/", {"action": "duress"}, follow=True)
    duress = " ".join(response.context["words"])
    other = Client()
    other.post("/s/o/", {"passphrase": duress})
    assert "diary" not in other.get("/s/h/").content.decode().lower()
    for path in ("/s/d/", "/s/d/n/", "/s/d/f/"):
        page = other.get(path)  # answered as a real space would, with the notes' home
        assert page.status_code == 200, path
        assert "Your notes" in page.content.decode()
    for path, data in (("/s/d/n/", ENTRY), ("/s/d/a/", {"entry": "0", "action": "amend"}), ("/s/d/f/", {})):
        assert other.post(path, data)["Location"] == "/s/h/"
    opened = services.vault_open(duress)
    assert opened is not None
    assert set(services.vault_read(opened).model_dump()) == {"kind", "lists"}


def test_diary_pages_need_an_open_space(db: None) -> None:
    client = Client()
    for path in ("/s/d/", "/s/d/n/", "/s/d/f/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/s/o/"


def test_the_home_page_links_the_diary_and_no_diary_url_carries_an_id(space: tuple[Client, str]) -> None:
    client, _words = space
    assert 'href="/s/d/"' in client.get("/s/h/").content.decode()
    add(client)
    html = client.get("/s/d/").content.decode() + client.get("/s/d/f/").content.decode()
    assert 'action="/s/d/a/"' in html
    assert "?" not in "".join(part.split('"')[0] for part in html.split('action="')[1:])
    for page, title in (("/s/d/", "Entries"), ("/s/d/n/", "New entry"), ("/s/d/f/", "Download")):
        response = client.get(page)
        assert response["Cache-Control"] == "no-store"
        assert f"<title>{title} - Notes</title>" in response.content.decode()


def test_the_download_warns_first_then_is_a_bundle_that_verifies(space: tuple[Client, str]) -> None:
    client, words = space
    add(client, occurred_on="10/3/2026", what_happened="Second thing")
    add(client, occurred_on="1/3/2026", occurred_time="", time_is_approximate="on", what_happened="First thing")
    client.post("/s/d/a/", {"entry": "0", "action": "save", "kind": "addition", "text": "Also this"})
    warning = client.get("/s/d/f/").content.decode()
    assert "Downloads" in warning
    assert "Delete" in warning
    response = client.post("/s/d/f/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == 'attachment; filename="notes.zip"'
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    result = verify_bundle(io.BytesIO(data))
    assert result.ok, result.summary
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert "chronology.pdf" in archive.namelist()
    assert manifest["chain_head"] == document(words).diary[-1]["hash"]
    tampered = bytearray(data)
    start = data.index(b"%PDF")
    tampered[start + 200] ^= 0x01
    assert not verify_bundle(io.BytesIO(bytes(tampered))).ok


def test_the_chronology_is_in_her_words_in_date_order_with_approximate_dates_marked(space: tuple[Client, str]) -> None:
    client, words = space
    add(client, occurred_on="10/3/2026", what_happened="Second thing")
    add(client, occurred_on="1/3/2026", occurred_time="", time_is_approximate="on", what_happened="First thing")
    client.post("/s/d/a/", {"entry": "0", "action": "save", "kind": "correction", "text": "It was 22:30"})
    entries = diary.chronology(diary.entries(document(words)))
    assert [entry.summary for entry in entries] == ["First thing", "Second thing"]
    assert entries[0].time_is_approximate
    assert entries[1].amendments[0].text == "It was 22:30"
    assert entries[1].agencies == ("Police, reference 43/1234/26", "GP")


def test_a_photo_is_sealed_hashed_in_the_chain_and_exported_as_an_exhibit(space: tuple[Client, str]) -> None:
    client, words = space
    response = add(client, file=SimpleUploadedFile("IMG_0001.jpg", JPEG, content_type="image/jpeg"))
    assert response.status_code == 302
    blob = VaultBlob.objects.get()
    assert b"bruise photo bytes" not in bytes(blob.sealed)
    files = document(words).diary[0]["payload"]["files"]
    assert files == [
        {"blob": blob.pk, "extension": "jpg", "size": len(JPEG), "sha256": hashlib.sha256(JPEG).hexdigest()}
    ]
    assert "1 photo or document" in client.get("/s/d/").content.decode()
    data = b"".join(client.post("/s/d/f/", {"location": "keep"}).streaming_content)  # type: ignore[attr-defined]
    assert verify_bundle(io.BytesIO(data)).ok
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("exhibits/EX-001.jpg") == JPEG


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"just some text"),
        ("fake.jpg", b"GIF89a not allowed"),
        ("big.pdf", b"%PDF-1.7" + b"0" * (5 * 1024 * 1024)),
    ],
)
def test_a_file_of_the_wrong_kind_or_too_big_is_refused_and_nothing_is_saved(
    space: tuple[Client, str], name: str, content: bytes
) -> None:
    client, _words = space
    before = bytes(Vault.objects.get().content)
    response = add(client, file=SimpleUploadedFile(name, content))
    assert "govuk-error-summary" in response.content.decode()
    assert bytes(Vault.objects.get().content) == before
    assert not VaultBlob.objects.exists()


def test_a_changed_or_missing_file_refuses_the_export(space: tuple[Client, str]) -> None:
    client, words = space
    add(client, file=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"x" * 100))
    opened = services.vault_open(words)
    assert opened is not None
    VaultBlob.objects.update(sealed=b"\x00" * 64)
    assert client.post("/s/d/f/").status_code == 409
    VaultBlob.objects.all().delete()
    assert client.post("/s/d/f/").status_code == 409
    assert services.vault_read(opened) is not None


def test_deleting_the_space_deletes_its_files(space: tuple[Client, str]) -> None:
    client, _words = space
    add(client, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"))
    assert VaultBlob.objects.count() == 1
    client.post("/s/s/", {"action": "delete", "confirm": "yes"})
    assert not VaultBlob.objects.exists()


def test_a_photo_over_the_memory_threshold_is_kept_in_memory_and_saved(space: tuple[Client, str]) -> None:
    client, words = space
    photo = JPEG + b"x" * (3 * 1024 * 1024)
    assert add(client, file=SimpleUploadedFile("big.jpg", photo)).status_code == 302
    assert document(words).diary[0]["payload"]["files"][0]["size"] == len(photo)


def test_a_request_over_the_limit_keeps_no_file_and_saves_nothing(space: tuple[Client, str]) -> None:
    client, _words = space
    before = bytes(Vault.objects.get().content)
    response = add(client, file=SimpleUploadedFile("huge.jpg", JPEG + b"x" * (6 * 1024 * 1024)))
    assert "smaller than 5 MB" in response.content.decode()
    assert bytes(Vault.objects.get().content) == before


def test_saving_an_entry_still_needs_the_csrf_token(space: tuple[Client, str]) -> None:
    client, _words = space
    client.handler.enforce_csrf_checks = True
    before = bytes(Vault.objects.get().content)
    assert client.post("/s/d/n/", ENTRY).status_code == 403
    assert bytes(Vault.objects.get().content) == before
