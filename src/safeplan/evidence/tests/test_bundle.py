"""Evidence bundles: chronology PDF, exhibits and manifest in one ZIP that verifies; any changed byte is named."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.evidence.chronology import ChronologyEntry, FetchRefused, refuse_fetch, render_html
from safeplan.evidence.exports import chronology_entries
from safeplan.personas import SECRET_ADDRESS, World
from safeplan.testing.evidence import add_exhibit, export, jpeg_with_gps, record_incident
from safeplan.testing.signin import sign_in_verified


def test_the_bundle_holds_the_chronology_exhibits_and_a_manifest_and_its_hash_is_audited(world: World) -> None:
    data = export(world)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read("chronology.pdf").startswith(b"%PDF")
        exhibit = archive.read("exhibits/EX-001.jpg")
    assert names == {
        "chronology.pdf",
        "exhibits/EX-001.jpg",
        "manifest.json",
        "manifest.sig",
        "signing-key.pem",
        "how-to-check.txt",
    }
    listed = {item["path"]: item["sha256"] for item in manifest["files"]}
    assert listed["exhibits/EX-001.jpg"] == hashlib.sha256(exhibit).hexdigest()
    event = AuditEvent.objects.get(verb=Verb.BUNDLE_EXPORTED)
    assert event.detail["sha256"] == hashlib.sha256(data).hexdigest()
    assert event.detail["chain_head"] == manifest["chain_head"]


def test_the_chronology_is_in_date_order_marks_approximate_dates_and_leaves_out_the_address(world: World) -> None:
    export(world)
    html = render_html(chronology_entries(world.case), reference="SP-TEST-0001", created_at=datetime.now(UTC))
    assert html.index("He turned up at the school gates.") < html.index("He shouted and pushed her")
    assert "APPROXIMATE" in html
    assert "early March 2026" in html
    assert "He grabbed my arm and said I would regret leaving." in html  # first person, as given
    assert "EX-001" in html
    assert "Statement of truth" in html
    assert "The hallway." in html
    assert SECRET_ADDRESS not in html


def test_the_pdf_renderer_never_fetches(world: World) -> None:
    with pytest.raises(FetchRefused):
        refuse_fetch("https://example.org/tracker.png")
    entry = ChronologyEntry(
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC), summary='<img src="https://example.org/x.png">'
    )
    html = render_html([entry], reference="R", created_at=datetime.now(UTC))
    assert "<img" not in html  # text is escaped, never markup


def tamper(data: bytes, member: str) -> bytes:
    """Return the ZIP with one byte of one member changed, everything else as it was."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == member:
                content = content[:100] + bytes([content[100] ^ 1]) + content[101:]
            target.writestr(info, content)
    return out.getvalue()


def test_the_command_says_intact_or_names_the_changed_file(world: World, tmp_path: Path) -> None:
    data = export(world)
    good = tmp_path / "good.zip"
    good.write_bytes(data)
    out = io.StringIO()
    call_command("verify_bundle", str(good), stdout=out)
    assert "intact" in out.getvalue()
    bad = tmp_path / "bad.zip"
    bad.write_bytes(tamper(data, "exhibits/EX-001.jpg"))
    with pytest.raises(CommandError, match=r"exhibits/EX-001\.jpg has changed"):
        call_command("verify_bundle", str(bad))


def test_the_check_page_names_the_changed_file_and_recognises_our_export(world: World) -> None:
    data = export(world)
    client = Client()
    sign_in_verified(client, world.bob)
    html = client.post("/cases/bundles/verify/", {"file": SimpleUploadedFile("b.zip", data)}).content.decode()
    assert "The bundle is intact" in html
    assert "this exact file was exported" in html
    html = client.post(
        "/cases/bundles/verify/", {"file": SimpleUploadedFile("b.zip", tamper(data, "exhibits/EX-001.jpg"))}
    ).content.decode()
    assert "exhibits/EX-001.jpg has changed" in html
    assert AuditEvent.objects.filter(verb=Verb.BUNDLE_VERIFIED).count() == 2


def test_shared_copies_go_in_the_bundle_when_chosen(world: World) -> None:
    incident = record_incident(world.alice, world.case)
    add_exhibit(world.alice, world.case, incident, jpeg_with_gps(), shared_copy=True)
    client = Client()
    sign_in_verified(client, world.alice)
    response = client.post(f"/cases/{world.case.pk}/bundle/", {"use_shared_copies": "on"})
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "exhibits/EX-001-location-removed.jpg" in archive.namelist()
        assert b"SyntheticCam" not in archive.read("exhibits/EX-001-location-removed.jpg")
