"""Encrypt files at rest in chunks, streaming, so no whole file is ever held in memory.

Format (version 1): the 8-byte header ``SPEF\\x01`` + chunk size (3 bytes, big-endian), then
each chunk of at most chunk-size plaintext bytes sealed with AES-256-GCM under a per-file random
key. The nonce of chunk i is i (11 bytes, big-endian) followed by one byte that is 1 for the last
chunk and 0 otherwise (the STREAM construction): chunks cannot be reordered, dropped or
truncated without a failed tag. The last chunk always holds fewer than chunk-size bytes (it is
empty when the file is an exact multiple), so a reader knows where the end must be.

The per-file key is wrapped (encrypted) with the field keyring, bound to the stored file's name,
so it rotates with the other encrypted fields. Pure Python: no Django here, so the survivor
vault can reuse it.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from typing import IO, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from safeplan.domain.fieldcrypto import Keyring, decrypt_text, encrypt_text

MAGIC: Final = b"SPEF\x01"
HEADER_BYTES: Final = 8
DEFAULT_CHUNK: Final = 1024 * 1024
TAG_BYTES: Final = 16
KEY_BYTES: Final = 32


class FileDecryptError(ValueError):
    """A stored file does not decrypt: damaged, truncated or under another key."""


def new_file_key() -> bytes:
    """Return a fresh random 256-bit key for one file."""
    return os.urandom(KEY_BYTES)


def wrap_key(keyring: Keyring, key: bytes, stored_name: str) -> str:
    """Return the file key encrypted with the keyring, bound to the stored file's name."""
    return encrypt_text(keyring, base64.b64encode(key).decode("ascii"), f"evidence.file:{stored_name}")


def unwrap_key(keyring: Keyring, wrapped: str, stored_name: str) -> bytes:
    """Return the file key that wrap_key wrapped."""
    return base64.b64decode(decrypt_text(keyring, wrapped, f"evidence.file:{stored_name}"))


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A binary writer that seals what it is given, chunk by chunk, into raw; close() seals the last chunk."""

    def __init__(self, raw: IO[bytes], key: bytes, chunk_size: int = DEFAULT_CHUNK) -> None:
        if not 0 < chunk_size < 2**24:
            raise ValueError("chunk_size must be between 1 and 2**24 - 1 bytes")
        self._raw = raw
        self._aead = AESGCM(key)
        self._chunk = chunk_size
        self._header = MAGIC + chunk_size.to_bytes(3, "big")
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        raw.write(self._header)

    def write(self, data: bytes) -> int:
        if self._closed:
            raise ValueError("the writer is closed")
        self._buffer += data
        # Keep at least one byte back: only close() knows which chunk is the last.
        while len(self._buffer) > self._chunk:
            self._seal(bytes(self._buffer[: self._chunk]), last=False)
            del self._buffer[: self._chunk]
        return len(data)

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        self._raw.write(self._aead.encrypt(_nonce(self._index, last), chunk, self._header))
        self._index += 1

    def close(self) -> None:
        if self._closed:
            return
        if len(self._buffer) == self._chunk:
            self._seal(bytes(self._buffer), last=False)
            self._buffer.clear()
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()
        self._closed = True

    def __enter__(self) -> EncryptingWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()


class DecryptingReader:
    """A binary reader of the plaintext of an encrypted file, decrypting one chunk at a time."""

    def __init__(self, raw: IO[bytes], key: bytes) -> None:
        self._raw = raw
        header = raw.read(HEADER_BYTES)
        if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
            raise FileDecryptError("the stored file is not an encrypted evidence file")
        self._header = header
        self._chunk = int.from_bytes(header[5:8], "big")
        self._aead = AESGCM(key)
        self._index = 0
        self._done = False
        self._buffer = b""

    def _next_chunk(self) -> bytes:
        sealed = self._raw.read(self._chunk + TAG_BYTES)
        if not sealed:
            raise FileDecryptError("the stored file is truncated")
        last = len(sealed) < self._chunk + TAG_BYTES
        try:
            plain = self._aead.decrypt(_nonce(self._index, last), sealed, self._header)
        except InvalidTag:
            raise FileDecryptError(f"chunk {self._index} of the stored file is damaged or altered") from None
        self._index += 1
        if last:
            if self._raw.read(1):
                raise FileDecryptError("the stored file has data after its last chunk")
            self._done = True
        return plain

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = [self._buffer]
            self._buffer = b""
            while not self._done:
                parts.append(self._next_chunk())
            return b"".join(parts)
        while len(self._buffer) < size and not self._done:
            self._buffer += self._next_chunk()
        result, self._buffer = self._buffer[:size], self._buffer[size:]
        return result

    def chunks(self) -> Iterator[bytes]:
        """Yield the plaintext chunk by chunk (for streaming responses)."""
        if self._buffer:
            yield self._buffer
            self._buffer = b""
        while not self._done:
            yield self._next_chunk()

    def close(self) -> None:
        self._raw.close()


class RandomAccessReader:
    """A seekable reader of an encrypted file's plaintext: only the chunk that holds the position is decrypted.

    For parsers that seek (zipfile) over a file that must stay encrypted on disk. Every chunk read
    is authenticated as DecryptingReader does, with its place and whether it is the last.
    """

    def __init__(self, raw: IO[bytes], key: bytes) -> None:
        self._raw = raw
        raw.seek(0)
        header = raw.read(HEADER_BYTES)
        if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
            raise FileDecryptError("the stored file is not an encrypted evidence file")
        self._header = header
        self._chunk = int.from_bytes(header[5:8], "big")
        self._aead = AESGCM(key)
        sealed_total = raw.seek(0, os.SEEK_END) - HEADER_BYTES
        self._sealed = self._chunk + TAG_BYTES
        self._count = sealed_total // self._sealed + 1
        last_sealed = sealed_total % self._sealed
        if last_sealed < TAG_BYTES:
            raise FileDecryptError("the stored file is truncated")
        self.size = (self._count - 1) * self._chunk + last_sealed - TAG_BYTES
        self._position = 0
        self._cached_index = -1
        self._cached = b""
        # The last chunk says it is the last: opening it now catches a file cut at a chunk's end.
        self._plain_chunk(self._count - 1)

    def _plain_chunk(self, index: int) -> bytes:
        if index != self._cached_index:
            last = index == self._count - 1
            self._raw.seek(HEADER_BYTES + index * self._sealed)
            sealed = self._raw.read(self._sealed)
            try:
                self._cached = self._aead.decrypt(_nonce(index, last), sealed, self._header)
            except InvalidTag:
                raise FileDecryptError(f"chunk {index} of the stored file is damaged or altered") from None
            self._cached_index = index
        return self._cached

    def read(self, size: int | None = -1, /) -> bytes:
        remaining = self.size - self._position if size is None or size < 0 else min(size, self.size - self._position)
        parts = []
        while remaining > 0:
            index, offset = divmod(self._position, self._chunk)
            piece = self._plain_chunk(index)[offset : offset + remaining]
            parts.append(piece)
            self._position += len(piece)
            remaining -= len(piece)
        return b"".join(parts)

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._position, os.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def tell(self) -> int:
        return self._position

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return self._raw.closed

    def close(self) -> None:
        self._raw.close()
