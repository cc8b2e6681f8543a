"""Chunked file encryption: round trips at every size, and any truncation or change is caught."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.evidence.filecrypto import (
    DecryptingReader,
    EncryptingWriter,
    FileDecryptError,
    RandomAccessReader,
    new_file_key,
)

KEY = new_file_key()


def seal(data: bytes, chunk: int = 16) -> bytes:
    raw = io.BytesIO()
    with EncryptingWriter(raw, KEY, chunk) as writer:
        writer.write(data)
    return raw.getvalue()


@given(st.binary(max_size=200), st.integers(min_value=1, max_value=40))
def test_any_content_round_trips(data: bytes, chunk: int) -> None:
    assert DecryptingReader(io.BytesIO(seal(data, chunk)), KEY).read() == data


@given(st.binary(min_size=1, max_size=100), st.data())
def test_a_truncated_or_changed_file_does_not_decrypt(data: bytes, draw: st.DataObject) -> None:
    sealed = seal(data)
    cut = draw.draw(st.integers(min_value=8, max_value=len(sealed) - 1))
    with pytest.raises(FileDecryptError):
        DecryptingReader(io.BytesIO(sealed[:cut]), KEY).read()
    flip = draw.draw(st.integers(min_value=8, max_value=len(sealed) - 1))
    changed = bytearray(sealed)
    changed[flip] ^= 1
    with pytest.raises(FileDecryptError):
        DecryptingReader(io.BytesIO(bytes(changed)), KEY).read()


def test_another_key_does_not_decrypt() -> None:
    with pytest.raises(FileDecryptError):
        DecryptingReader(io.BytesIO(seal(b"secret words")), new_file_key()).read()


@given(st.binary(max_size=200), st.integers(min_value=1, max_value=40), st.data())
def test_random_access_reads_what_is_at_each_position(data: bytes, chunk: int, draw: st.DataObject) -> None:
    reader = RandomAccessReader(io.BytesIO(seal(data, chunk)), KEY)
    assert reader.size == len(data)
    for _ in range(5):
        start = draw.draw(st.integers(min_value=0, max_value=len(data) + 3))
        count = draw.draw(st.integers(min_value=-1, max_value=len(data) + 3))
        assert reader.seek(start) == start
        expected = data[start:] if count < 0 else data[start : start + count]
        assert reader.read(count) == expected
        assert reader.tell() == min(start + len(expected), max(start, len(data)))
    reader.seek(-1 if data else 0, os.SEEK_END)
    assert reader.read() == data[-1:]


@given(st.binary(min_size=1, max_size=100), st.data())
def test_random_access_catches_a_truncated_or_changed_file(data: bytes, draw: st.DataObject) -> None:
    sealed = seal(data)
    cut = draw.draw(st.integers(min_value=8, max_value=len(sealed) - 1))
    with pytest.raises(FileDecryptError):
        RandomAccessReader(io.BytesIO(sealed[:cut]), KEY).read()
    flip = draw.draw(st.integers(min_value=8, max_value=len(sealed) - 1))
    changed = bytearray(sealed)
    changed[flip] ^= 1
    with pytest.raises(FileDecryptError):
        RandomAccessReader(io.BytesIO(bytes(changed)), KEY).read()


def test_a_zip_reads_through_random_access() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("chat.txt", "12/03/2026, 21:04 - Sam: hello\n" * 500)
        archive.writestr("IMG-0001.jpg", os.urandom(5000))
    reader = RandomAccessReader(io.BytesIO(seal(buffer.getvalue(), 1000)), KEY)
    with zipfile.ZipFile(reader) as archive:  # type: ignore[arg-type]
        assert archive.read("chat.txt").startswith(b"12/03/2026")
        assert archive.testzip() is None
