"""Survivor vault cryptography: find a vault by its passphrase, and encrypt its content with it.

A vault has no account. The survivor holds one passphrase (see ``safeplan.domain.passphrase``),
and from it the server computes two unrelated values while a request lasts, storing neither the
passphrase nor the key:

- the **lookup key**, ``HMAC-SHA256(pepper, label || normalised passphrase)``, stored in the vault
  row so that the passphrase can find its vault. The pepper is a server secret kept out of the
  database (settings, from the environment or a file). Without it a stolen database is useless
  for guessing: each guess would need the pepper to be checked against the stored lookup keys,
  and the per-vault argon2id salt protects the content. With both the database and the pepper,
  lookup keys can be tested as fast as HMAC runs, which is why passphrases are always generated
  with at least six words (about 77.5 bits), far beyond any offline search.
- the **vault key**, ``argon2id(normalised passphrase, salt, params)``, 32 bytes. The salt is
  random per vault and stored with it, with the ``KdfParams`` used, so that the cost can be
  raised for new vaults (or when a vault is re-keyed) without breaking old ones.

Content is sealed with AES-256-GCM under that key; associated data binds every sealed blob to
the vault and record it belongs to, so a blob copied elsewhere does not open.

A duress passphrase is nothing special here: it is another passphrase for another (innocuous)
vault, derived and sealed exactly the same way, so nothing in the stored data tells them apart.

Python cannot reliably erase bytes from memory; callers should keep keys in local variables for
the length of one request and never log, cache or put them in a session.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from typing import NamedTuple

from argon2.low_level import ARGON2_VERSION, Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from safeplan.domain.passphrase import normalise_passphrase

KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
MINIMUM_PEPPER_BYTES = 32
SEALED_VERSION = 1

# Domain separation, so that the same pepper used for another keyed hash can never collide.
_LOOKUP_LABEL = b"safeplan vault lookup v1\x00"
_HEADER = bytes([SEALED_VERSION])
# Bounds on stored parameters, so that a corrupted row cannot ask for absurd memory or time.
_MAXIMUM_MEMORY_KIB = 1024 * 1024
_MAXIMUM_TIME_COST = 64
_MAXIMUM_PARALLELISM = 16
_PARAMS_TEXT = re.compile(r"^argon2id\$v=(\d{1,3})\$m=(\d{1,9}),t=(\d{1,4}),p=(\d{1,3})$")


class VaultDecryptError(Exception):
    """A sealed blob does not open: wrong key, wrong associated data, or altered bytes."""


@dataclass(frozen=True)
class KdfParams:
    """The argon2id cost parameters of one vault, stored alongside it.

    The defaults follow RFC 9106 section 4, second recommended option (t=3 passes over 64 MiB),
    with one lane instead of four: the server derives keys for many survivors at once, so lanes
    would not make one derivation faster under load, and one lane matches OWASP's argon2id
    configurations. An attacker still pays 64 MiB and three passes for every guess.
    """

    time_cost: int = 3
    memory_cost_kib: int = 64 * 1024
    parallelism: int = 1
    version: int = ARGON2_VERSION

    def __post_init__(self) -> None:
        for name in ("time_cost", "memory_cost_kib", "parallelism", "version"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"argon2 {name} must be an integer")
        if self.version != ARGON2_VERSION:
            raise ValueError(f"argon2 version must be {ARGON2_VERSION}")
        if not 1 <= self.time_cost <= _MAXIMUM_TIME_COST:
            raise ValueError(f"argon2 time_cost must be between 1 and {_MAXIMUM_TIME_COST}")
        if not 1 <= self.parallelism <= _MAXIMUM_PARALLELISM:
            raise ValueError(f"argon2 parallelism must be between 1 and {_MAXIMUM_PARALLELISM}")
        if not 8 * self.parallelism <= self.memory_cost_kib <= _MAXIMUM_MEMORY_KIB:
            raise ValueError(f"argon2 memory_cost_kib must be between 8 x parallelism and {_MAXIMUM_MEMORY_KIB}")

    def to_string(self) -> str:
        """Return the parameters in the PHC-style form stored with a vault."""
        return f"argon2id$v={self.version}$m={self.memory_cost_kib},t={self.time_cost},p={self.parallelism}"

    @classmethod
    def from_string(cls, text: str) -> KdfParams:
        """Return the parameters stored by ``to_string``; anything else raises ValueError."""
        match = _PARAMS_TEXT.match(text)
        if match is None:
            raise ValueError("stored key derivation parameters are not of the form argon2id$v=..$m=..,t=..,p=..")
        version, memory, time, lanes = (int(group) for group in match.groups())
        return cls(time_cost=time, memory_cost_kib=memory, parallelism=lanes, version=version)


DEFAULT_KDF_PARAMS = KdfParams()


class VaultSecrets(NamedTuple):
    """The lookup key and vault key of one passphrase."""

    lookup: str
    key: bytes

    def __repr__(self) -> str:
        # Keep the key out of logs and tracebacks.
        return f"VaultSecrets(lookup={self.lookup!r}, key=<{len(self.key)} bytes>)"


def new_salt() -> bytes:
    """Return a fresh random salt for a new vault."""
    return os.urandom(SALT_BYTES)


def new_random_key() -> bytes:
    """Return a fresh random 32-byte key, e.g. a data key sealed under the vault key."""
    return os.urandom(KEY_BYTES)


def lookup_key(passphrase: str, pepper: bytes) -> str:
    """Return the hex lookup key that finds the passphrase's vault.

    An empty passphrase (after normalisation) or a pepper shorter than 32 bytes raises
    ValueError.
    """
    if not isinstance(pepper, bytes) or len(pepper) < MINIMUM_PEPPER_BYTES:
        raise ValueError(f"the vault pepper must be at least {MINIMUM_PEPPER_BYTES} bytes")
    message = _LOOKUP_LABEL + _normalised_bytes(passphrase)
    return hmac.new(pepper, message, hashlib.sha256).hexdigest()


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """Return the 32-byte vault key derived from the passphrase with argon2id.

    An empty passphrase (after normalisation) or a salt shorter than 16 bytes raises ValueError.
    """
    if not isinstance(salt, bytes) or len(salt) < SALT_BYTES:
        raise ValueError(f"the vault salt must be at least {SALT_BYTES} bytes")
    return hash_secret_raw(
        secret=_normalised_bytes(passphrase),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
        version=params.version,
    )


def derive_vault_secrets(passphrase: str, pepper: bytes, salt: bytes, params: KdfParams) -> VaultSecrets:
    """Return the lookup key and the vault key of a passphrase (the same for a duress passphrase)."""
    return VaultSecrets(lookup=lookup_key(passphrase, pepper), key=derive_key(passphrase, salt, params))


def seal(key: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    """Return ``version || nonce || ciphertext || tag``: the plaintext encrypted with AES-256-GCM.

    The associated data (for example ``b"vault:<id>:diary:<entry id>"``) is authenticated, not
    stored: the same value must be given to open the blob. The nonce is random for each call.
    """
    _check_key(key)
    _check_associated_data(associated_data)
    nonce = os.urandom(NONCE_BYTES)
    return _HEADER + nonce + AESGCM(key).encrypt(nonce, plaintext, _HEADER + associated_data)


def open_sealed(key: bytes, blob: bytes, associated_data: bytes) -> bytes:
    """Return the plaintext of a sealed blob.

    A wrong key, different associated data, an unknown version or any altered byte raises
    VaultDecryptError.
    """
    _check_key(key)
    _check_associated_data(associated_data)
    if len(blob) < len(_HEADER) + NONCE_BYTES + TAG_BYTES:
        raise VaultDecryptError("the sealed blob is too short")
    if blob[: len(_HEADER)] != _HEADER:
        raise VaultDecryptError("the sealed blob has an unsupported version")
    nonce = blob[len(_HEADER) : len(_HEADER) + NONCE_BYTES]
    ciphertext = blob[len(_HEADER) + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, _HEADER + associated_data)
    except InvalidTag:
        raise VaultDecryptError("the sealed blob does not open with this key and associated data") from None


def _normalised_bytes(passphrase: str) -> bytes:
    normalised = normalise_passphrase(passphrase)
    if not normalised:
        raise ValueError("the passphrase is empty")
    return normalised.encode("utf-8")


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise ValueError(f"a vault key must be {KEY_BYTES} bytes")


def _check_associated_data(associated_data: bytes) -> None:
    # Unbound blobs could be moved between vaults or records unnoticed.
    if not isinstance(associated_data, bytes) or not associated_data:
        raise ValueError("associated data must name the vault and record the blob belongs to")
