"""Evidence you can take to court: bundles are signed with the deployment's key, a forgery that
recomputes the manifest is refused with the reason, on the page and on the command line, and the
chronology PDF carries a PDF signature that readers show."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from asn1crypto.x509 import Certificate
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.domain.manifest import ManifestFile, manifest_from_json, manifest_to_json
from safeplan.domain.signing import SigningKeys, fingerprint, generate_private_key, public_key_pem
from safeplan.evidence import signing
from safeplan.personas import World
from safeplan.testing.evidence import export, forged, rehash, rewrite
from safeplan.testing.signin import sign_in_verified

pytestmark = pytest.mark.django_db

# The documented offline check, word for word.
OPENSSL_VERIFY = [
    *("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "signing-key.pem", "-rawin"),
    *("-in", "manifest.json", "-sigfile", "manifest.sig"),
]


def forged_unsigned(data: bytes) -> bytes:
    def change(members: dict[str, bytes]) -> None:
        rehash(members)
        del members["manifest.sig"]

    return rewrite(data, change)


def forged_with_own_key(data: bytes) -> bytes:
    """A forger who re-signs the rehashed manifest with a key of their own and puts it in the bundle."""
    own = generate_private_key()

    def change(members: dict[str, bytes]) -> None:
        members["signing-key.pem"] = public_key_pem(own.public_key())
        manifest = manifest_from_json(members["manifest.json"])
        files = tuple(
            ManifestFile(path=item.path, sha256=hashlib.sha256(members[item.path]).hexdigest(), size=item.size)
            if item.path == "signing-key.pem"
            else item
            for item in manifest.files
        )
        members["manifest.json"] = manifest_to_json(dataclasses.replace(manifest, files=files))
        rehash(members)
        members["manifest.sig"] = own.sign(members["manifest.json"])

    return rewrite(data, change)


def openssl_verify(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(OPENSSL_VERIFY, cwd=folder, capture_output=True, text=True, check=False)


def check_page(world: World, data: bytes) -> str:
    client = Client()
    sign_in_verified(client, world.bob)
    response = client.post("/cases/bundles/verify/", {"file": SimpleUploadedFile("b.zip", data)})
    assert response.status_code == 200
    return response.content.decode()


def check_command(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "bundle.zip"
    path.write_bytes(data)
    out = io.StringIO()
    try:
        call_command("verify_bundle", str(path), stdout=out)
    except CommandError as error:
        return f"REFUSED {error}"
    return out.getvalue()


def test_it_signs_the_manifest_with_the_deployment_key_and_audits_what_it_will_compare(world: World) -> None:
    data = export(world)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = archive.read("manifest.json")
        signature = archive.read("manifest.sig")
        key_pem = archive.read("signing-key.pem")
        instructions = archive.read("how-to-check.txt").decode()
    keys = signing.keys()
    keys.current.public_key().verify(signature, manifest)  # raises if the signature does not hold
    assert key_pem == public_key_pem(keys.current.public_key())
    assert keys.current_fingerprint in instructions
    assert "signing-key.pem" in {item["path"] for item in json.loads(manifest)["files"]}
    event = AuditEvent.objects.get(verb=Verb.BUNDLE_EXPORTED)
    assert event.detail["manifest_sha256"] == hashlib.sha256(manifest).hexdigest()
    assert event.detail["created_at"] == json.loads(manifest)["created_at"]
    assert event.detail["signed_by"] == keys.current_fingerprint


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_it_can_be_checked_offline_with_the_documented_openssl_commands(world: World, tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(export(world))) as archive:
        archive.extractall(tmp_path)
    verified = openssl_verify(tmp_path)
    assert verified.returncode == 0
    assert "Signature Verified Successfully" in verified.stdout
    printed = subprocess.run(  # noqa: S602 - the documented pipeline, exactly as a reader would type it
        "openssl pkey -pubin -in signing-key.pem -outform DER | tail -c 32 | sha256sum",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed.stdout.split()[0] == signing.keys().current_fingerprint
    manifest = tmp_path / "manifest.json"
    manifest.write_bytes(manifest.read_bytes().replace(b'"size":', b'"size": ', 1))
    refused = openssl_verify(tmp_path)
    assert refused.returncode != 0


def test_a_rehashed_forgery_is_refused_on_the_page_with_the_reason(world: World) -> None:
    data = export(world)
    assert "The bundle is intact" in check_page(world, data)
    html = check_page(world, forged(data))
    assert "The bundle is intact" not in html
    assert "does not match manifest.json: the manifest was changed after it was signed" in html
    assert "exhibits/EX-001.jpg is not the exhibit this service holds" in html
    assert "its SHA-256 is not the one recorded at export" in html
    refused = AuditEvent.objects.filter(verb=Verb.BUNDLE_VERIFIED).order_by("id").last()
    assert refused is not None
    assert refused.detail["intact"] is False
    assert refused.case_id == world.case.pk


def test_a_rehashed_forgery_is_refused_by_the_command_with_the_reason(world: World, tmp_path: Path) -> None:
    data = export(world)
    assert "intact" in check_command(tmp_path, data)
    assert "Exported by this service" in check_command(tmp_path, data)
    out = check_command(tmp_path, forged(data))
    assert out.startswith("REFUSED")
    assert "the manifest was changed after it was signed" in out
    assert "exhibits/EX-001.jpg is not the exhibit this service holds" in out


@pytest.mark.parametrize(
    ("forge", "reason"),
    [
        (forged_unsigned, "the bundle is not signed"),
        (forged_with_own_key, "signed by a key this service does not know"),
    ],
)
def test_removing_or_replacing_the_signature_is_refused(
    world: World, tmp_path: Path, forge: Callable[[bytes], bytes], reason: str
) -> None:
    bad = forge(export(world))
    html = check_page(world, bad)
    assert reason in html
    assert "exhibits/EX-001.jpg is not the exhibit this service holds" in html
    assert reason in check_command(tmp_path, bad)


def test_a_bundle_signed_before_a_rotation_still_checks_while_its_public_key_is_kept(
    world: World, tmp_path: Path, settings: object
) -> None:
    old = signing.keys()
    data = export(world)
    new = generate_private_key()
    settings.SIGNING_KEYS = SigningKeys(current=new, retired=(old.current.public_key(),))  # type: ignore[attr-defined]
    out = check_command(tmp_path, data)
    assert "intact" in out
    assert fingerprint(old.current.public_key()) in out
    settings.SIGNING_KEYS = SigningKeys(current=new)  # type: ignore[attr-defined]
    assert "signed by a key this service does not know" in check_command(tmp_path, data)


def test_a_bundle_exported_elsewhere_is_checked_only_by_signature(world: World) -> None:
    data = export(world)
    client = Client()
    sign_in_verified(client, world.charlie)  # outside the case's team: no record of the export to compare
    html = client.post("/cases/bundles/verify/", {"file": SimpleUploadedFile("b.zip", data)}).content.decode()
    assert "The bundle is intact" in html
    assert "No export of this bundle is recorded in a case you can see" in html
    html = client.post("/cases/bundles/verify/", {"file": SimpleUploadedFile("b.zip", forged(data))}).content.decode()
    assert "the manifest was changed after it was signed" in html


def test_the_chronology_pdf_carries_a_pades_signature_over_the_whole_document(world: World) -> None:
    with zipfile.ZipFile(io.BytesIO(export(world))) as archive:
        pdf = archive.read("chronology.pdf")
    reader = PdfFileReader(io.BytesIO(pdf))
    assert len(reader.embedded_signatures) == 1
    embedded = reader.embedded_signatures[0]
    certificate = signing.pdf_certificate_chain()[0][0]
    status = validate_pdf_signature(
        embedded, ValidationContext(trust_roots=[Certificate.load(certificate.public_bytes(Encoding.DER))])
    )
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    changed = bytearray(pdf)
    start = pdf.index(b"Statement of truth") if b"Statement of truth" in pdf else len(pdf) // 3
    changed[start] ^= 1
    tampered = PdfFileReader(io.BytesIO(bytes(changed)), strict=False).embedded_signatures[0]
    assert not validate_pdf_signature(tampered, ValidationContext(trust_roots=[])).intact


def test_the_pdf_certificate_is_derived_from_the_signing_key_and_the_same_every_time(settings: object) -> None:
    first = signing.pdf_certificate_pem()
    signing.pdf_certificate_chain.cache_clear()
    assert signing.pdf_certificate_pem() == first
    settings.SIGNING_KEYS = SigningKeys(current=generate_private_key())  # type: ignore[attr-defined]
    signing.pdf_certificate_chain.cache_clear()
    try:
        assert signing.pdf_certificate_pem() != first
    finally:
        signing.pdf_certificate_chain.cache_clear()


def test_the_keys_page_is_public_and_lists_every_accepted_key(settings: object) -> None:
    old = generate_private_key()
    current = signing.keys().current
    settings.SIGNING_KEYS = SigningKeys(current=current, retired=(old.public_key(),))  # type: ignore[attr-defined]
    response = Client().get("/evidence-keys/")
    assert response.status_code == 200
    html = response.content.decode()
    assert fingerprint(current.public_key()) in html
    assert fingerprint(old.public_key()) in html
    assert "openssl pkeyutl -verify" in html
    pem = Client().get("/evidence-keys/keys.pem").content
    assert pem.startswith(public_key_pem(current.public_key()))
    assert public_key_pem(old.public_key()) in pem
