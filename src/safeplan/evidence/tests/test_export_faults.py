"""Issue 13: a bundle export killed or failing midway left a 162 MB partial ZIP of decrypted exhibits.

Bundles are now built in an unnamed file sealed as it is written: while one is built, no file in
the exports folder has a name or holds an exhibit's plain bytes; a failure leaves nothing open;
and start-up removes files an earlier version left there.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from gunicorn.app.base import BaseApplication

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.evidence import storage
from safeplan.evidence.filecrypto import FileDecryptError
from safeplan.personas import World
from safeplan.testing.evidence import add_exhibit, record_incident
from safeplan.testing.signin import sign_in_verified

# A PDF, not a text file: text exhibits are also read to look for confidential locations.
EXHIBIT_TEXT = b"%PDF-1.4\n" + b"Synthetic exhibit text that must never be on disk in plain text.\n" * 20000


def signed_in(world: World) -> Client:
    client = Client()
    sign_in_verified(client, world.alice)
    return client


def open_files_in(folder: Path) -> Iterator[Path]:
    """Yield /proc paths of this process's open files that lie in folder (named or unnamed)."""
    for descriptor in Path("/proc/self/fd").iterdir():
        try:
            if os.readlink(descriptor).startswith(str(folder)):
                yield descriptor
        except OSError:
            continue


def two_exhibits(world: World) -> None:
    incident = record_incident(world.alice, world.case)
    add_exhibit(world.alice, world.case, incident, EXHIBIT_TEXT, name="first.pdf")
    add_exhibit(world.alice, world.case, incident, EXHIBIT_TEXT, name="second.pdf")


@pytest.mark.django_db
@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="looks at open files through /proc")
def test_while_a_bundle_is_built_nothing_in_the_exports_folder_has_a_name_or_plain_text(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_exhibits(world)
    seen: list[tuple[list[str], list[bytes]]] = []
    real_open = storage.open_plain

    def watching(stored_name: str, wrapped_key: str) -> Any:
        folder = storage.exports_dir()
        spools = [descriptor.read_bytes() for descriptor in open_files_in(folder)]
        seen.append(([path.name for path in folder.iterdir()], spools))
        return real_open(stored_name, wrapped_key)

    monkeypatch.setattr(storage, "open_plain", watching)
    response = signed_in(world).post(f"/cases/{world.case.pk}/bundle/", {})
    assert response.status_code == 200
    bundle = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert zipfile.ZipFile(io.BytesIO(bundle)).read("exhibits/EX-002.pdf") == EXHIBIT_TEXT
    assert len(seen) == 2
    names, spools = seen[1]  # the first exhibit is in the spool by now
    assert names == []
    assert len(spools) == 1
    assert spools[0].startswith(b"SPEF")  # sealed chunks
    assert EXHIBIT_TEXT[20:200] not in spools[0]
    assert list(open_files_in(storage.exports_dir())) == []


@pytest.mark.django_db
@pytest.mark.parametrize("failure", [FileDecryptError("chunk 0 of the stored file is damaged"), OSError(28, "full")])
def test_an_export_that_fails_midway_leaves_nothing_behind(
    world: World, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    two_exhibits(world)
    real_open = storage.open_plain
    calls: list[str] = []

    def failing(stored_name: str, wrapped_key: str) -> Any:
        calls.append(stored_name)
        if len(calls) == 2:
            raise failure
        return real_open(stored_name, wrapped_key)

    monkeypatch.setattr(storage, "open_plain", failing)
    client = Client(raise_request_exception=False)
    sign_in_verified(client, world.alice)
    response = client.post(f"/cases/{world.case.pk}/bundle/", {})
    if isinstance(failure, FileDecryptError):
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
        assert "No bundle was exported" in response.content.decode()
    else:
        assert response.status_code == 500
    assert len(calls) == 2
    assert list(storage.exports_dir().iterdir()) == []
    if Path("/proc/self/fd").exists():
        assert list(open_files_in(storage.exports_dir())) == []
    assert not AuditEvent.objects.filter(verb=Verb.BUNDLE_EXPORTED).exists()


@pytest.mark.django_db
def test_start_up_removes_what_a_killed_process_left_in_the_upload_and_export_folders(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    uploads = Path(settings.FILE_UPLOAD_TEMP_DIR)
    uploads.mkdir()
    spooled = uploads / "tmpa8fviukf.upload.jpg"
    spooled.write_bytes(b"half of a photo, in plain text")
    partial = storage.exports_dir() / "bundle-x1y2z3.zip"
    partial.write_bytes(b"PK\x03\x04 half of a bundle")
    exhibit = storage.evidence_dir() / "0123456789abcdef.spef"
    exhibit.write_bytes(b"SPEF\x01 an exhibit is not a leftover")
    started: list[bool] = []
    monkeypatch.setattr(BaseApplication, "run", lambda self: started.append(True))
    out = io.StringIO()
    call_command("serve", stdout=out)
    assert started == [True]
    assert not spooled.exists()
    assert not partial.exists()
    assert exhibit.exists()
    assert "removed 2 file(s)" in out.getvalue()
