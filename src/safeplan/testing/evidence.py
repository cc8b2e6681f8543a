"""Incidents and exhibits for tests, made through the real services; images with GPS to strip."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.evidence import services
from safeplan.evidence.demo import TINY_PNG
from safeplan.evidence.models import Attachment, Incident
from safeplan.evidence.services import attachment_add, incident_record

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
