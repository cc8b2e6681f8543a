"""A survivor's diary bundle is signed with the deployment's key like a case bundle, so a
professional (or a court) can tell it came from this service unchanged."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from safeplan.evidence import signing
from safeplan.personas import World
from safeplan.testing.evidence import forged, jpeg_with_gps
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.survivor import add


def test_her_bundle_is_signed_and_a_rehashed_forgery_of_it_is_refused(space: tuple[Client, str], world: World) -> None:
    client, _ = space
    add(client, file=SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps(), content_type="image/jpeg"))
    data = b"".join(client.post("/s/d/f/").streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        signing.keys().current.public_key().verify(archive.read("manifest.sig"), archive.read("manifest.json"))
    staff = Client()
    sign_in_verified(staff, world.alice)
    html = staff.post("/cases/bundles/verify/", {"file": SimpleUploadedFile("notes.zip", data)}).content.decode()
    assert "The bundle is intact" in html
    assert signing.keys().current_fingerprint in html
    html = staff.post(
        "/cases/bundles/verify/", {"file": SimpleUploadedFile("notes.zip", forged(data))}
    ).content.decode()
    assert "The bundle is intact" not in html
    assert "the manifest was changed after it was signed" in html
