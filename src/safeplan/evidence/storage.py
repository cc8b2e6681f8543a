"""Exhibit files on disk under MEDIA_ROOT/evidence: encrypted, named at random, streamed both ways."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings

from safeplan.encryption import keyring
from safeplan.evidence.filecrypto import DecryptingReader, EncryptingWriter, new_file_key, unwrap_key, wrap_key

COPY_CHUNK = 1024 * 1024


class TooLargeError(ValueError):
    """The file is larger than the configured limit."""


def evidence_dir() -> Path:
    """Return the folder of encrypted exhibit files, creating it (owner-only) if needed."""
    path = Path(settings.MEDIA_ROOT) / "evidence"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def exports_dir() -> Path:
    """Return the folder where bundles are written while they are built (as unnamed files: it stays empty)."""
    path = evidence_dir() / "exports"
    path.mkdir(exist_ok=True, mode=0o700)
    return path


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    wrapped_key: str
    sha256: str
    size: int


class _HashingWriter:
    """Write through to an encrypting writer, hashing and counting the plaintext."""

    def __init__(self, inner: EncryptingWriter, limit: int | None) -> None:
        self.inner = inner
        self.digest = hashlib.sha256()
        self.size = 0
        self.limit = limit

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            raise TooLargeError
        self.digest.update(data)
        return self.inner.write(data)


class FileLedger:
    """The files written during one service call, removed again if the call fails."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def discard(self) -> None:
        for name in self.names:
            (evidence_dir() / name).unlink(missing_ok=True)
        self.names.clear()


@contextmanager
def files_written() -> Iterator[FileLedger]:
    """Yield a ledger; if the block raises, every file recorded in it is deleted."""
    ledger = FileLedger()
    try:
        yield ledger
    except BaseException:
        ledger.discard()
        raise


def _new_name() -> str:
    return f"{secrets.token_hex(16)}.spef"


@contextmanager
def encrypted_target(ledger: FileLedger) -> Iterator[tuple[_HashingWriter, list[StoredFile]]]:
    """Yield a writer into a new encrypted file, and a list that holds the StoredFile once it is closed."""
    name = _new_name()
    key = new_file_key()
    path = evidence_dir() / name
    ledger.names.append(name)
    result: list[StoredFile] = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as raw:
        writer = EncryptingWriter(raw, key)
        hashing = _HashingWriter(writer, None)
        yield hashing, result
        writer.close()
    result.append(StoredFile(name, wrap_key(keyring(), key, name), hashing.digest.hexdigest(), hashing.size))


def store(source: IO[bytes], ledger: FileLedger, *, limit: int | None = None) -> StoredFile:
    """Encrypt source into a new file, streaming, and return its name, wrapped key, SHA-256 and size."""
    with encrypted_target(ledger) as (writer, result):
        writer.limit = limit
        while chunk := source.read(COPY_CHUNK):
            writer.write(chunk)
    return result[0]


def open_plain(stored_name: str, wrapped_key: str) -> DecryptingReader:
    """Return a reader of the decrypted content of a stored file (the caller closes it)."""
    key = unwrap_key(keyring(), wrapped_key, stored_name)
    return DecryptingReader(open(evidence_dir() / stored_name, "rb"), key)  # closed by the caller
