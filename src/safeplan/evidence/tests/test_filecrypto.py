"""Chunked file encryption: round trips at every size, and any truncation or change is caught."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.evidence.filecrypto import DecryptingReader, EncryptingWriter, FileDecryptError, new_file_key

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
