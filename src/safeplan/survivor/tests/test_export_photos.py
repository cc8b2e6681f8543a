"""Photos leave the space without where and when they were taken or the phone, unless she chooses otherwise."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from safeplan.domain.manifest import verify_bundle
from safeplan.evidence import metadata
from safeplan.testing.evidence import gps_of, jpeg_with_gps
from safeplan.testing.survivor import JPEG, add


def _segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def _phone_photo() -> bytes:
    """A JPEG with Exif GPS and camera model, a maker segment, a comment and a trailer, as phones write them."""
    photo = jpeg_with_gps()
    extra = _segment(0xEF, b"MakerNote Pixel 7 serial 1234") + _segment(0xFE, b"taken at 12 Acacia Road")
    return photo[:2] + extra + photo[2:] + b"motion photo +51.5033-000.1195"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _download(client: Client, **data: str) -> zipfile.ZipFile:
    response = client.post("/s/d/f/", data)
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert verify_bundle(io.BytesIO(body)).ok
    return zipfile.ZipFile(io.BytesIO(body))


def test_the_download_removes_location_phone_and_comments_by_default_and_lists_the_original(
    space: tuple[Client, str],
) -> None:
    client, _words = space
    photo = _phone_photo()
    add(client, file=SimpleUploadedFile("IMG_0001.jpg", photo, content_type="image/jpeg"))
    page = client.get("/s/d/f/").content.decode()
    assert "place and time they were taken" in page
    assert 'value="remove" checked' in page
    archive = _download(client)
    copy = archive.read("exhibits/EX-001.jpg")
    assert gps_of(copy) == {}
    for leak in (b"SyntheticCam", b"Pixel 7", b"Acacia", b"+51.5033", b"Exif"):
        assert leak not in copy
    assert Image.open(io.BytesIO(copy)).size == (24, 16)
    originals = json.loads(archive.read("originals.json"))["files"]
    assert originals[0]["exhibit"] == "EX-001.jpg"
    assert originals[0]["original_sha256"] == hashlib.sha256(photo).hexdigest()
    assert set(originals[0]["removed"]) >= {
        "Exif (APP1)",
        "maker data (APP15)",
        "comment (COM)",
        "data after the end of the image",
    }
    manifest = json.loads(archive.read("manifest.json"))
    assert "originals.json" in [item["path"] for item in manifest["files"]]


def test_keeping_location_is_a_deliberate_choice_that_sends_the_photo_as_it_is(space: tuple[Client, str]) -> None:
    client, _words = space
    photo = _phone_photo()
    add(client, file=SimpleUploadedFile("IMG_0001.jpg", photo, content_type="image/jpeg"))
    assert "anyone who sees the file can find that place" in client.get("/s/d/f/").content.decode()
    archive = _download(client, location="keep")
    assert archive.read("exhibits/EX-001.jpg") == photo
    assert json.loads(archive.read("originals.json"))["files"][0]["kept_as_it_was"] is True


def test_a_photo_that_cannot_be_cleaned_is_left_out_not_sent_with_its_location(space: tuple[Client, str]) -> None:
    client, _words = space
    add(client, file=SimpleUploadedFile("IMG_0001.jpg", JPEG, content_type="image/jpeg"))  # cut short
    archive = _download(client)
    assert archive.read("exhibits/EX-001.jpg") == b""
    assert "damaged" in json.loads(archive.read("originals.json"))["files"][0]["left_out"]


def test_a_png_loses_its_text_exif_and_time_chunks() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 20, 30)).save(buffer, "PNG")
    plain = buffer.getvalue()
    iend = plain.index(b"IEND") - 4
    extra = _png_chunk(b"tIME", b"\x07\xea\x03\x1b\x15\x1e\x00") + _png_chunk(b"tEXt", b"Comment\x00home")
    png = plain[:iend] + extra + _png_chunk(b"eXIf", b"MM\x00*") + plain[iend:]
    out = io.BytesIO()
    removed = metadata.strip_png(io.BytesIO(png), out)
    assert sorted(removed) == ["eXIf", "tEXt", "tIME"]
    assert out.getvalue() == plain


def test_a_diary_without_photos_has_no_photo_question(space: tuple[Client, str]) -> None:
    client, _words = space
    add(client)
    assert 'name="location"' not in client.get("/s/d/f/").content.decode()
