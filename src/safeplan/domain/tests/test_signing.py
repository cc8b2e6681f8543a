"""Detached Ed25519 signatures: keys read from PEM or base64, fingerprints, rotation, and signed manifests."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.domain.manifest import MANIFEST_NAME, PUBLIC_KEY_NAME, SIGNATURE_NAME, verify_bundle, write_bundle
from safeplan.domain.signing import (
    SigningKeyError,
    SigningKeys,
    fingerprint,
    generate_private_key,
    parse_private_key,
    parse_public_key,
    parse_public_keys,
    private_key_pem,
    public_key_pem,
    sign,
    signature_holds,
)
from safeplan.testing.bundles import CREATED, HEAD, MEMBERS

KEY = generate_private_key()
OTHER = generate_private_key()


def raw_private(key: object) -> str:
    from cryptography.hazmat.primitives import serialization

    return base64.b64encode(
        key.private_bytes(  # type: ignore[attr-defined]
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
    ).decode()


def test_it_reads_a_private_key_from_pem_or_base64_and_the_fingerprint_is_the_same() -> None:
    from_pem = parse_private_key(private_key_pem(KEY).decode())
    from_base64 = parse_private_key(raw_private(KEY))
    assert fingerprint(from_pem.public_key()) == fingerprint(from_base64.public_key()) == fingerprint(KEY.public_key())
    assert len(fingerprint(KEY.public_key())) == 64


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not base64!", "neither PEM nor"),
        (base64.b64encode(b"short").decode(), "must be 32 bytes"),
        ("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "cannot be read"),
    ],
)
def test_a_bad_private_key_is_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(SigningKeyError, match=message):
        parse_private_key(text)


def test_an_rsa_or_ec_key_is_refused() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    other = ec.generate_private_key(ec.SECP256R1())
    pem = other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    with pytest.raises(SigningKeyError, match="Ed25519"):
        parse_private_key(pem)


def test_public_keys_are_read_from_pem_blocks_and_base64_in_one_list() -> None:
    text = (
        public_key_pem(KEY.public_key()).decode()
        + "\n"
        + base64.b64encode(OTHER.public_key().public_bytes_raw()).decode()
    )
    keys = parse_public_keys(text)
    assert [fingerprint(key) for key in keys] == [fingerprint(KEY.public_key()), fingerprint(OTHER.public_key())]
    assert parse_public_keys("") == []
    assert fingerprint(parse_public_key(public_key_pem(KEY.public_key()).decode())) == fingerprint(KEY.public_key())


@given(st.binary(max_size=300), st.integers(min_value=0))
def test_changing_any_byte_breaks_the_signature(data: bytes, position: int) -> None:
    signature = sign(KEY, data)
    assert signature_holds(KEY.public_key(), data, signature)
    assert not signature_holds(OTHER.public_key(), data, signature)
    if data:
        changed = bytearray(data)
        changed[position % len(data)] ^= 1
        assert not signature_holds(KEY.public_key(), bytes(changed), signature)
    assert not signature_holds(KEY.public_key(), data, signature[:-1])


def test_after_a_rotation_the_old_public_key_still_names_what_it_signed() -> None:
    old_signature = sign(KEY, b"manifest")
    rotated = SigningKeys(current=OTHER, retired=(KEY.public_key(),))
    assert rotated.signer_of(b"manifest", old_signature) == fingerprint(KEY.public_key())
    assert rotated.signer_of(b"manifest", rotated.sign(b"manifest")) == rotated.current_fingerprint
    assert SigningKeys(current=OTHER).signer_of(b"manifest", old_signature) is None
    assert set(rotated.trusted) == {fingerprint(KEY.public_key()), fingerprint(OTHER.public_key())}


def signed_bundle(path: Path, *, key: object = KEY) -> None:
    members = [(name, io.BytesIO(data)) for name, data in MEMBERS.items()]
    members.append((PUBLIC_KEY_NAME, io.BytesIO(public_key_pem(key.public_key()))))  # type: ignore[attr-defined]
    write_bundle(path, reference="SP-1", chain_head=HEAD, created_at=CREATED, members=members, sign=key.sign)  # type: ignore[attr-defined]


def test_a_signed_bundle_verifies_against_the_trusted_keys_and_names_the_signer(tmp_path: Path) -> None:
    bundle = tmp_path / "b.zip"
    signed_bundle(bundle)
    result = verify_bundle(bundle, trusted_keys=SigningKeys(current=KEY).trusted)
    assert result.ok, result.summary
    assert result.signed_by == fingerprint(KEY.public_key())
    assert fingerprint(KEY.public_key()) in result.summary
    with zipfile.ZipFile(bundle) as archive:
        assert len(archive.read(SIGNATURE_NAME)) == 64
    # Without trusted keys only the manifest is checked, as before signatures existed.
    assert verify_bundle(bundle).ok


def test_a_bundle_signed_by_an_unknown_key_or_unsigned_is_refused(tmp_path: Path) -> None:
    bundle = tmp_path / "b.zip"
    signed_bundle(bundle, key=OTHER)
    result = verify_bundle(bundle, trusted_keys=SigningKeys(current=KEY).trusted)
    assert not result.ok
    assert "signed by a key this service does not know" in result.problems[0]
    unsigned = tmp_path / "u.zip"
    write_bundle(
        unsigned,
        reference="SP-1",
        chain_head=HEAD,
        created_at=CREATED,
        members=[(name, io.BytesIO(data)) for name, data in MEMBERS.items()],
    )
    result = verify_bundle(unsigned, trusted_keys=SigningKeys(current=KEY).trusted)
    assert not result.ok
    assert "the bundle is not signed" in result.problems[0]


def test_a_manifest_changed_after_signing_is_refused(tmp_path: Path) -> None:
    bundle = tmp_path / "b.zip"
    signed_bundle(bundle)
    with zipfile.ZipFile(bundle) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    members[MANIFEST_NAME] = members[MANIFEST_NAME].replace(b'"reference":"SP-1"', b'"reference":"SP-2"')
    forged = tmp_path / "f.zip"
    with zipfile.ZipFile(forged, "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    result = verify_bundle(forged, trusted_keys=SigningKeys(current=KEY).trusted)
    assert not result.ok
    assert "the manifest was changed after it was signed" in result.problems[0]


def test_the_signature_name_is_reserved() -> None:
    from safeplan.domain.manifest import ManifestError, ManifestFile

    with pytest.raises(ManifestError, match="reserved"):
        ManifestFile(path=SIGNATURE_NAME, sha256="0" * 64, size=0)
