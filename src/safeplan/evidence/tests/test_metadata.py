"""Copies without location: every segment or chunk that can carry it goes, the picture stays, odd files never 500.

The crafted files hide a (synthetic) address and coordinates in every place a phone, an editor or
an attacker can put text: Exif, XMP, IPTC, comments, the makers' segments, PNG text chunks,
private chunks and data after the end.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from safeplan.evidence import metadata, storage
from safeplan.evidence.models import Attachment, SharedCopy
from safeplan.personas import World
from safeplan.testing.evidence import jpeg_with_gps, record_incident
from safeplan.testing.forms import submit
from safeplan.testing.signin import sign_in_verified

ADDRESS = b"12 Acacia Road, AB1 2CD"
COORDINATES = b"51.5033,-0.1195"
LEAKS = (ADDRESS, COORDINATES, b"SyntheticCam", b"Exif", b"xmpmeta", b"Photoshop")


def segment(marker: int, data: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(data) + 2) + data


def xmp(text: bytes) -> bytes:
    return b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>" + text + b"</exif:GPSLatitude></x:xmpmeta>"


def iptc(text: bytes) -> bytes:
    return b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x20\x1c\x02\x5c\x00" + bytes([len(text)]) + text


def icc_profile() -> bytes:
    return b"ICC_PROFILE\x00\x01\x01" + b"\x00" * 128


def crafted_jpeg() -> bytes:
    """A JPEG with the location in every metadata segment there is, and a colour profile to keep."""
    photo = jpeg_with_gps()  # SOI, JFIF APP0, Exif APP1 with GPS, then the picture
    extra = b"".join(
        (
            segment(0xE0, b"AVI1\x00" + ADDRESS),  # an APP0 that is not JFIF
            segment(0xE1, xmp(COORDINATES)),
            segment(0xE1, b"http://ns.adobe.com/xmp/extension/\x00" + ADDRESS),
            segment(0xE2, b"MPF\x00" + ADDRESS),
            segment(0xE2, icc_profile()),
            segment(0xE3, ADDRESS),
            segment(0xEC, b"Ducky" + ADDRESS),
            segment(0xED, iptc(ADDRESS)),
            segment(0xEE, b"NotAdobe" + ADDRESS),  # APP14 that is not Adobe's colour transform
            segment(0xFE, b"taken at " + ADDRESS + b" " + COORDINATES),
            segment(0xFE, b""),  # an empty comment is valid
        )
    )
    # Fill bytes before a marker are valid too.
    return photo[:2] + extra + b"\xff\xff" + photo[2:] + b"motion photo " + COORDINATES


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def crafted_png() -> bytes:
    image = Image.new("RGB", (20, 10), (30, 60, 90))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    plain = buffer.getvalue()
    header_end = 8 + 25  # signature and IHDR
    extra = b"".join(
        (
            png_chunk(b"sRGB", b"\x00"),
            png_chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1)),
            png_chunk(b"tEXt", b"Location\x00" + ADDRESS),
            png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(COORDINATES)),
            png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + xmp(COORDINATES)),
            png_chunk(b"eXIf", b"MM\x00\x2a" + ADDRESS),
            png_chunk(b"tIME", b"\x07\xea\x03\x1b\x15\x1e\x00"),
            png_chunk(b"prVt", ADDRESS),  # a private ancillary chunk nobody listed
            png_chunk(b"tEXt", b""),
        )
    )
    return plain[:header_end] + extra + plain[header_end:] + ADDRESS


def test_a_jpeg_loses_every_segment_that_can_carry_a_location_and_keeps_its_picture_and_colours() -> None:
    original = crafted_jpeg()
    out = io.BytesIO()
    removed = metadata.strip_jpeg(io.BytesIO(original), out)
    copy = out.getvalue()
    for leak in LEAKS:
        assert leak in original
        assert leak not in copy
    assert b"ICC_PROFILE" in copy
    assert b"JFIF" in copy
    assert Image.open(io.BytesIO(copy)).tobytes() == Image.open(io.BytesIO(original)).tobytes()
    assert removed == [
        "maker data (APP0)",
        "XMP (APP1) x 2",
        "multi-picture index (APP2)",
        "maker data (APP3)",
        "maker data (APP12)",
        "IPTC (APP13)",
        "maker data (APP14)",
        "comment (COM) x 2",
        "Exif (APP1)",
        "data after the end of the image",
    ]


def test_a_png_keeps_only_the_chunks_that_shape_the_picture() -> None:
    original = crafted_png()
    out = io.BytesIO()
    removed = metadata.strip_png(io.BytesIO(original), out)
    copy = out.getvalue()
    for leak in (ADDRESS, COORDINATES, b"xmpmeta"):
        assert leak not in copy
    assert zlib.compress(COORDINATES) not in copy
    assert b"sRGB" in copy
    assert b"pHYs" in copy
    assert Image.open(io.BytesIO(copy)).tobytes() == Image.open(io.BytesIO(original)).tobytes()
    assert removed == ["tEXt x 2", "zTXt", "iTXt", "eXIf", "tIME", "prVt", "data after the end of the image"]


def test_a_summary_of_many_kinds_stays_within_its_column() -> None:
    removed = metadata.summarise([f"maker data (APP{n})" for n in range(3, 16)] * 50)
    line = metadata.describe(removed, 60)
    assert len(line) <= 60
    assert line.endswith(", ...")
    assert metadata.describe([], 60) == "none found"


def signed_in(world: World) -> Client:
    client = Client()
    sign_in_verified(client, world.alice)
    return client


def attach(world: World, name: str, data: bytes) -> tuple[int, str]:
    incident = record_incident(world.alice, world.case)
    response = submit(
        signed_in(world),
        f"/cases/{world.case.pk}/incidents/{incident.pk}/attachments/new/",
        {"file": SimpleUploadedFile(name, data), "shared_copy": "on", "description": "Photo sent by text."},
    )
    return response.status_code, response.content.decode()


@pytest.mark.django_db
def test_a_jpeg_with_hundreds_of_metadata_segments_gets_a_clean_copy_and_a_short_summary(world: World) -> None:
    """Issue 13: 200 segments once gave a 500 on PostgreSQL (the list of what was removed overflowed its column)."""
    photo = jpeg_with_gps()
    many = b"".join(segment(0xE1 + n % 15, b"seg%03d " % n + ADDRESS) for n in range(200))
    many += b"".join(segment(0xFE, b"\x00\x01" + ADDRESS) for _ in range(200))  # NUL bytes in comments
    status, _page = attach(world, "IMG_0200.jpg", photo[:2] + many + photo[2:])
    assert status == 302
    copy = SharedCopy.objects.get()
    assert len(copy.removed) <= 200
    assert copy.removed.startswith("maker data (APP1) x 14, ")
    exhibit = Attachment.objects.get()
    reader = metadata_free_bytes(exhibit)
    assert ADDRESS not in reader
    assert Image.open(io.BytesIO(reader)).size == (24, 16)


def metadata_free_bytes(exhibit: Attachment) -> bytes:
    copy = exhibit.shared_copy
    reader = storage.open_plain(copy.stored_name, copy.wrapped_key)
    try:
        return reader.read()
    finally:
        reader.close()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        # A PNG chunk whose type is not four letters.
        ("odd.png", crafted_png()[:33] + png_chunk(b"t\x00X\x01", ADDRESS) + crafted_png()[33:]),
        # A PNG cut off before its end.
        ("cut.png", crafted_png()[:60]),
        # A JPEG segment that claims more bytes than there are.
        ("cut.jpg", b"\xff\xd8" + b"\xff\xfe\xff\xff" + ADDRESS),
        # A JPEG segment with a length below 2.
        ("short.jpg", b"\xff\xd8\xff\xfe\x00\x01" + jpeg_with_gps()[2:]),
        # Bytes between segments that are not a marker.
        ("gap.jpg", b"\xff\xd8" + segment(0xFE, b"ok") + ADDRESS + jpeg_with_gps()[2:]),
    ],
)
def test_a_damaged_image_asked_for_a_clean_copy_gives_a_clear_message_and_keeps_nothing(
    world: World, media_root: Path, name: str, data: bytes
) -> None:
    status, page = attach(world, name, data)
    assert status == 200
    assert "govuk-error-summary" in page
    assert "damaged" in page or "ends early" in page
    assert not Attachment.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]
