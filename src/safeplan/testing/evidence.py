"""Incidents and exhibits for tests, made through the real services; images with GPS to strip."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.domain.manifest import ManifestFile, manifest_from_json, manifest_to_json
from safeplan.evidence import services
from safeplan.evidence.demo import TINY_PNG
from safeplan.evidence.models import Attachment, Incident
from safeplan.evidence.services import attachment_add, incident_record
from safeplan.testing.signin import sign_in_verified

if TYPE_CHECKING:
    from safeplan.personas import World

LONDON = ZoneInfo("Europe/London")
GPS_IFD = 0x8825


def evidence_ids(world: World) -> dict[str, int]:
    """Return ids of an incident ("incident_id") and its exhibit ("attachment_id") in world.case.

    The records are made on the first call and kept on the world, so repeated calls create nothing.
    """
    cache: dict[str, int] = world.__dict__.setdefault("_evidence_ids", {})
    if not cache:
        incident = incident_record(
            actor=world.alice,
            case=world.case,
            data={"occurred_at": timezone.now() - timedelta(days=2), "summary": "Synthetic test incident."},
        )
        exhibit = attachment_add(
            actor=world.alice,
            case=world.case,
            incident=incident,
            upload=io.BytesIO(TINY_PNG),
            name="screenshot.png",
            size=len(TINY_PNG),
        )
        cache["incident_id"] = incident.pk
        cache["attachment_id"] = exhibit.pk
    return cache


def jpeg_with_gps() -> bytes:
    """Return a small JPEG whose Exif holds a GPS position (synthetic)."""
    image = Image.new("RGB", (24, 16), (180, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "SyntheticCam"
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 30.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def gps_of(data: bytes) -> dict[int, Any]:
    return dict(Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD))


def record_incident(user: User, case: Case, **extra: Any) -> Incident:
    data: dict[str, Any] = {
        "occurred_at": datetime(2026, 3, 27, 21, 30, tzinfo=LONDON),
        "summary": "He shouted and pushed her against the door.",
        "victim_words": "He grabbed my arm and said I would regret leaving.",
        "place": "The kitchen at the family home",
        "body_regions": ["left_arm"],
        **extra,
    }
    return services.incident_record(actor=user, case=case, data=data)


def add_exhibit(
    user: User, case: Case, incident: Incident, data: bytes, name: str = "photo.jpg", **extra: Any
) -> Attachment:
    upload = SimpleUploadedFile(name, data)
    return services.attachment_add(
        actor=user, case=case, incident=incident, upload=upload, name=name, size=len(data), **extra
    )


def export(world: World) -> bytes:
    """Record two incidents, an exhibit and an amendment, export the bundle through the page and return it."""
    first = record_incident(world.alice, world.case)
    record_incident(
        world.alice,
        world.case,
        occurred_at=datetime(2026, 3, 1, 12, tzinfo=UTC),
        time_is_approximate=True,
        approximation="early March 2026",
        summary="He turned up at the school gates.",
    )
    add_exhibit(world.alice, world.case, first, jpeg_with_gps())
    services.incident_amend(
        actor=world.alice,
        case=world.case,
        incident=first,
        kind="correction",
        field_name="place",
        text="The hallway.",
        reason="Checked.",
    )
    client = Client()
    sign_in_verified(client, world.alice)
    response = client.post(f"/cases/{world.case.pk}/bundle/", {})
    assert response.status_code == 200, response.content[:500]
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


# The forgery of issue 13, done to an exported bundle.
EXHIBIT = "exhibits/EX-001.jpg"


def rewrite(data: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    """Return the bundle with its members changed by change(members), written as a new ZIP."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    return out.getvalue()


def rehash(members: dict[str, bytes]) -> None:
    """Change one byte of the exhibit and recompute its SHA-256 and size in the manifest, as a forger would."""
    exhibit = bytearray(members[EXHIBIT])
    exhibit[200] ^= 0xFF
    members[EXHIBIT] = bytes(exhibit)
    manifest = manifest_from_json(members["manifest.json"])
    files = tuple(
        ManifestFile(path=item.path, sha256=hashlib.sha256(exhibit).hexdigest(), size=len(exhibit))
        if item.path == EXHIBIT
        else item
        for item in manifest.files
    )
    members["manifest.json"] = manifest_to_json(dataclasses.replace(manifest, files=files))


def forged(data: bytes) -> bytes:
    """The forgery of issue 13: an exhibit changed and its hash recomputed in the manifest, signature kept."""
    return rewrite(data, rehash)


def nested_eml(levels: int) -> bytes:
    """Return a saved email whose multipart parts nest levels deep (synthetic, built to break parsers)."""
    head = b"From: Sam <sam@example.net>\r\nDate: Thu, 12 Mar 2026 21:04:00 +0000\r\n"
    opening = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (level, level) for level in range(levels)
    )
    closing = b"".join(b"\r\n--b%d--\r\n" % level for level in reversed(range(levels)))
    return head + opening + b"Content-Type: text/plain\r\n\r\nhello" + closing
