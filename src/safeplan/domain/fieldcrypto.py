"""Encryption at rest of sensitive free text in professional records, with rotatable keys.

Each value is stored as ``v1:<key id>:<base64url(nonce || ciphertext || tag)>`` (no padding):
AES-256-GCM with a random 96-bit nonce, under the key the id names. The associated data binds
the value to its version, its key id and a caller-given context (for example
``"cases.SafeContact.details:42"``), so a value copied into another field or record does not
decrypt. New values use the keyring's current key; older values keep working while their key
stays in the keyring, and ``rotate`` re-encrypts them under the current key.

Random nonces keep a key safe for about 2**32 encryptions (NIST SP 800-38D); rotate keys long
before a deployment comes near that.

No error message here contains key material, plaintext or a token.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
FORMAT_VERSION = "v1"

_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]+$")


class FieldDecryptError(ValueError):
    """A stored value does not decrypt: malformed, altered, or given the wrong context."""


class UnknownKeyError(FieldDecryptError):
    """A stored value names a key id that the keyring does not hold."""

    def __init__(self, key_id: str) -> None:
        super().__init__(f"no key with id {key_id!r} in the field encryption keyring")
        self.key_id = key_id


@dataclass(frozen=True, repr=False, eq=False)
class Keyring:
    """Field encryption keys by id, and the id of the key that encrypts new values."""

    keys: Mapping[str, bytes]
    current: str

    def __post_init__(self) -> None:
        if not self.keys:
            raise ValueError("the keyring has no keys")
        for key_id, key in self.keys.items():
            if not isinstance(key_id, str) or not _KEY_ID.match(key_id):
                raise ValueError("key ids must be 1 to 32 characters from A-Z a-z 0-9 _ -")
            if not isinstance(key, bytes) or len(key) != KEY_BYTES:
                raise ValueError(f"key {key_id!r} must be {KEY_BYTES} bytes")
        if self.current not in self.keys:
            raise ValueError("the current key id is not in the keyring")
        # Copy, so that changing the caller's dict cannot change the keyring.
        object.__setattr__(self, "keys", MappingProxyType(dict(self.keys)))

    def __repr__(self) -> str:
        # Key ids only: the keys must never reach a log or a traceback.
        return f"Keyring(current={self.current!r}, key_ids={sorted(self.keys)!r})"

    def key(self, key_id: str) -> bytes:
        """Return the key with this id; an id not in the keyring raises UnknownKeyError."""
        try:
            return self.keys[key_id]
        except KeyError:
            raise UnknownKeyError(key_id) from None


def generate_key() -> str:
    """Return a new random 32-byte key in standard base64, for a keyring spec."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def parse_keyring(spec: str) -> Keyring:
    """Return the keyring described by ``"<id>:<base64 key>,<id>:<base64 key>,..."``.

    The first entry is the current key. Malformed entries, ids that are not 1-32 characters of
    ``A-Z a-z 0-9 _ -``, keys that are not 32 bytes of standard base64, and repeated ids raise
    ValueError with the entry's position, never its content.
    """
    entries = [entry.strip() for entry in spec.split(",")]
    if not any(entries):
        raise ValueError("the field encryption keyring is empty")
    keys: dict[str, bytes] = {}
    for position, entry in enumerate(entries, start=1):
        key_id, separator, encoded = entry.partition(":")
        key_id, encoded = key_id.strip(), encoded.strip()
        if not separator or not key_id or not encoded:
            raise ValueError(f"keyring entry {position} is not of the form <key id>:<base64 key>")
        if not _KEY_ID.match(key_id):
            # The id is not echoed: a mistyped entry may have the key where the id should be.
            raise ValueError(f"keyring entry {position}: the key id must be 1 to 32 characters from A-Z a-z 0-9 _ -")
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"keyring entry {position} ({key_id!r}): the key is not valid base64") from None
        if len(key) != KEY_BYTES:
            raise ValueError(f"keyring entry {position} ({key_id!r}): the key must be {KEY_BYTES} bytes")
        if key_id in keys:
            raise ValueError(f"keyring entry {position}: the key id {key_id!r} is repeated")
        keys[key_id] = key
    return Keyring(keys=keys, current=next(iter(keys)))


def encrypt_text(keyring: Keyring, plaintext: str, context: str) -> str:
    """Return the plaintext encrypted under the keyring's current key, bound to the context."""
    _check_context(context)
    key_id = keyring.current
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keyring.key(key_id)).encrypt(
        nonce, plaintext.encode("utf-8"), _associated_data(FORMAT_VERSION, key_id, context)
    )
    payload = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")
    return f"{FORMAT_VERSION}:{key_id}:{payload}"


def decrypt_text(keyring: Keyring, token: str, context: str) -> str:
    """Return the plaintext of a stored value.

    A key id not in the keyring raises UnknownKeyError; a malformed or altered value, or a
    different context, raises FieldDecryptError.
    """
    _check_context(context)
    version, key_id, sealed = _parse_token(token)
    key = keyring.key(key_id)
    nonce, ciphertext = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    try:
        plaintext = AESGCM(key).decrypt(nonce, ciphertext, _associated_data(version, key_id, context))
    except InvalidTag:
        raise FieldDecryptError(
            f"the value encrypted with key {key_id!r} does not decrypt: altered, or stored under another context"
        ) from None
    return plaintext.decode("utf-8")


def needs_rotation(keyring: Keyring, token: str) -> bool:
    """Return True if the value was not encrypted with the keyring's current key."""
    _, key_id, _ = _parse_token(token)
    return key_id != keyring.current


def rotate(keyring: Keyring, token: str, context: str) -> str:
    """Return the value re-encrypted under the current key, or unchanged if it already uses it."""
    if not needs_rotation(keyring, token):
        return token
    return encrypt_text(keyring, decrypt_text(keyring, token, context), context)


def _parse_token(token: str) -> tuple[str, str, bytes]:
    parts = token.split(":") if isinstance(token, str) else []
    if len(parts) != 3:
        raise FieldDecryptError("the value is not an encrypted field (expected v1:<key id>:<data>)")
    version, key_id, payload = parts
    if version != FORMAT_VERSION:
        raise FieldDecryptError("the encrypted value has an unsupported version")
    if not _KEY_ID.match(key_id):
        raise FieldDecryptError("the encrypted value has a malformed key id")
    if not _BASE64URL.match(payload):
        raise FieldDecryptError("the encrypted value's data is not base64url")
    sealed = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    # Reject non-canonical encodings (stray low bits in the last character), so that every
    # change to the stored text is detected, not only changes to the decoded bytes.
    if base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii") != payload:
        raise FieldDecryptError("the encrypted value's data is not canonical base64url")
    if len(sealed) < NONCE_BYTES + TAG_BYTES:
        raise FieldDecryptError("the encrypted value is too short")
    return version, key_id, sealed


def _associated_data(version: str, key_id: str, context: str) -> bytes:
    # Version and key id cannot contain ":", so this joining is unambiguous.
    return f"{version}:{key_id}:{context}".encode()


def _check_context(context: str) -> None:
    # Without a context a value could be moved between fields and records unnoticed.
    if not isinstance(context, str) or not context:
        raise ValueError("a context naming the field (and record) is required")
