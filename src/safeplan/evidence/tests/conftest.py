"""Evidence tests keep their exhibit files in a temporary MEDIA_ROOT."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.evidence import services
from safeplan.evidence.models import Attachment, Incident

LONDON = ZoneInfo("Europe/London")
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
