"""Sign and check detached Ed25519 signatures with a deployment's signing keys.

A deployment has one current private key that signs, and may keep the public halves of keys it
signed with before (after a rotation), so that what they signed still checks. A key is named by
its fingerprint: the SHA-256 of its 32 raw public bytes, in hexadecimal. That is what a court,
or the defence, compares with the fingerprint the deployment publishes.

Keys are written as PEM (what `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout`
produce) or as the base64 of their 32 raw bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SIGNATURE_BYTES: Final = 64
_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----", re.DOTALL)


class SigningKeyError(ValueError):
    """A signing key, or a list of public keys, cannot be read."""


def fingerprint(key: Ed25519PublicKey) -> str:
    """Return the key's fingerprint: the SHA-256 hex digest of its raw public bytes."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_key_pem(key: Ed25519PublicKey) -> bytes:
    """Return the public key as PEM (SubjectPublicKeyInfo), the form `openssl pkeyutl -pubin` reads."""
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    """Return the private key as unencrypted PKCS#8 PEM."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _raw_base64(text: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise SigningKeyError(f"{what} is neither PEM nor the base64 of 32 bytes") from None
    if len(raw) != 32:
        raise SigningKeyError(f"{what} must be 32 bytes, not {len(raw)}")
    return raw


def parse_private_key(text: str) -> Ed25519PrivateKey:
    """Return the Ed25519 private key in text (PEM or base64 of 32 bytes), or raise SigningKeyError."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
        except (ValueError, TypeError, UnicodeEncodeError):
            raise SigningKeyError("the PEM private key cannot be read (it must be unencrypted)") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError("the private key must be an Ed25519 key")
        return key
    return Ed25519PrivateKey.from_private_bytes(_raw_base64(text, "the private key"))


def parse_public_key(text: str) -> Ed25519PublicKey:
    """Return the Ed25519 public key in text (PEM or base64 of 32 bytes), or raise SigningKeyError."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        except (ValueError, TypeError, UnicodeEncodeError):
            raise SigningKeyError("a PEM public key cannot be read") from None
        if not isinstance(key, Ed25519PublicKey):
            raise SigningKeyError("a public key must be an Ed25519 key")
        return key
    return Ed25519PublicKey.from_public_bytes(_raw_base64(text, "a public key"))


def parse_public_keys(text: str) -> list[Ed25519PublicKey]:
    """Return the public keys in text: PEM blocks, or base64 keys separated by commas, spaces or lines."""
    blocks = [match.group(0) for match in _PEM_BLOCK.finditer(text)]
    rest = _PEM_BLOCK.sub(" ", text)
    items = blocks + [item for item in re.split(r"[\s,]+", rest) if item]
    return [parse_public_key(item) for item in items]


def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
    """Return the detached Ed25519 signature (64 bytes) of data."""
    return key.sign(data)


def signature_holds(key: Ed25519PublicKey, data: bytes, signature: bytes) -> bool:
    """Return True if signature is key's signature of exactly these bytes."""
    if len(signature) != SIGNATURE_BYTES:
        return False
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True)
class SigningKeys:
    """A deployment's keys: the current private key, and every public key whose signatures it accepts."""

    current: Ed25519PrivateKey
    retired: tuple[Ed25519PublicKey, ...] = ()
    trusted: Mapping[str, Ed25519PublicKey] = field(init=False)

    def __post_init__(self) -> None:
        keys = {fingerprint(self.current.public_key()): self.current.public_key()}
        for key in self.retired:
            keys.setdefault(fingerprint(key), key)
        object.__setattr__(self, "trusted", keys)

    @property
    def current_fingerprint(self) -> str:
        return fingerprint(self.current.public_key())

    def sign(self, data: bytes) -> bytes:
        """Return the current key's detached signature of data."""
        return sign(self.current, data)

    def signer_of(self, data: bytes, signature: bytes) -> str | None:
        """Return the fingerprint of the trusted key that made signature over data, or None."""
        for name, key in self.trusted.items():
            if signature_holds(key, data, signature):
                return name
        return None


def generate_private_key() -> Ed25519PrivateKey:
    """Return a new random Ed25519 private key."""
    return Ed25519PrivateKey.generate()
