"""Evidence bundles: the manifest describes every file; any change, loss or addition is found and named."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeplan.domain.hashchain import GENESIS_HASH
from safeplan.domain.manifest import (
    MANIFEST_NAME,
    Manifest,
    ManifestError,
    ManifestFile,
    build_manifest,
    manifest_from_json,
    manifest_to_json,
    sha256_stream,
    verify_bundle,
    write_bundle,
)
from safeplan.testing.bundles import CREATED, HEAD, MEMBERS

LONDON = ZoneInfo("Europe/London")


def make_bundle(
    target: Path | io.BytesIO,
    members: dict[str, bytes] = MEMBERS,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Manifest:
    return write_bundle(
        target,
        reference="CASE-2026-00042",
        chain_head=HEAD,
        created_at=CREATED,
        members=[(path, io.BytesIO(data)) for path, data in members.items()],
        compression=compression,
    )


def rezip(
    source: Path,
    target: Path,
    change: Callable[[str, bytes], bytes | None] = lambda name, data: data,
    extra: dict[str, bytes] | None = None,
) -> None:
    """Copy a ZIP member by member, letting change alter or (returning None) drop each one."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            new.writestr(name, data)


class ChunkRecorder:
    """A stream that remembers the size of every read it was asked for."""

    def __init__(self, data: bytes) -> None:
        self.stream = io.BytesIO(data)
        self.sizes: list[int] = []

    def read(self, size: int = -1, /) -> bytes:
        self.sizes.append(size)
        return self.stream.read(size)


# --- streaming digests -------------------------------------------------------------------


@settings(max_examples=100)
@given(st.binary(max_size=5000), st.integers(min_value=1, max_value=700))
def test_sha256_stream_matches_hashlib_and_reads_only_in_chunks(data: bytes, chunk_size: int) -> None:
    stream = ChunkRecorder(data)
    assert sha256_stream(stream, chunk_size) == hashlib.sha256(data).hexdigest()
    assert set(stream.sizes) == {chunk_size}  # never read(-1), which would load the whole file


def test_sha256_stream_reads_a_mebibyte_at_a_time_by_default() -> None:
    stream = ChunkRecorder(b"x" * (3 * 1024 * 1024 + 5))
    sha256_stream(stream)
    assert stream.sizes == [1024 * 1024] * 5


def test_sha256_stream_refuses_a_bad_chunk_size_or_a_text_stream() -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        sha256_stream(io.BytesIO(b"x"), 0)
    with pytest.raises(TypeError, match="binary"):
        sha256_stream(io.StringIO("text"))  # type: ignore[arg-type]


# --- the manifest ----------------------------------------------------------------------


def test_build_manifest_describes_each_file_sorted_by_path() -> None:
    members = [(path, io.BytesIO(data)) for path, data in reversed(MEMBERS.items())]
    manifest = build_manifest(reference="CASE-2026-00042", chain_head=HEAD, created_at=CREATED, members=members)
    assert [item.path for item in manifest.files] == sorted(MEMBERS)
    for item in manifest.files:
        assert item.sha256 == hashlib.sha256(MEMBERS[item.path]).hexdigest()
        assert item.size == len(MEMBERS[item.path])


def test_manifest_json_is_canonical_and_reads_back_the_same() -> None:
    manifest = build_manifest(
        reference="VAULT-7f3a",
        chain_head=GENESIS_HASH,
        created_at=CREATED,
        members=[("b.txt", io.BytesIO(b"b")), ("a.txt", io.BytesIO(b"a"))],
    )
    data = manifest_to_json(manifest)
    parsed = json.loads(data)
    assert data == json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert parsed["format"] == "safeplan-evidence-bundle"
    assert parsed["format_version"] == 1
    assert parsed["created_at"] == "2026-11-21T15:00:00.000000Z"
    assert [entry["path"] for entry in parsed["files"]] == ["a.txt", "b.txt"]
    assert manifest_from_json(data) == manifest


@pytest.mark.parametrize(
    "path", ["", "/etc/passwd", "../outside.txt", "exhibits/../../x", "a\\b.txt", "C:evil", "a//b", "./a", "x/", "a\nb"]
)
def test_a_file_path_that_could_escape_or_confuse_is_refused(path: str) -> None:
    with pytest.raises(ManifestError):
        ManifestFile(path=path, sha256="0" * 64, size=0)


def test_the_manifest_name_is_reserved() -> None:
    with pytest.raises(ManifestError, match="reserved"):
        ManifestFile(path=MANIFEST_NAME, sha256="0" * 64, size=0)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"created_at": datetime(2026, 11, 21, 15, 0)}, "timezone-aware"),
        ({"reference": "Casey Sample"}, "never a name"),
        ({"reference": ""}, "reference"),
        ({"chain_head": "xyz"}, "chain_head"),
        ({"format_version": 2}, "not supported"),
        ({"files": (ManifestFile("a", "0" * 64, 1), ManifestFile("a", "1" * 64, 2))}, "more than once"),
    ],
)
def test_a_manifest_with_a_bad_field_is_refused(changes: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {"created_at": CREATED, "reference": "CASE-1", "chain_head": HEAD, **changes}
    with pytest.raises(ManifestError, match=message):
        Manifest(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"[]", "JSON object"),
        (b'{"format": 1, "format": 2}', "appears twice"),
        (b'{"format": NaN}', "not a valid value"),
        (b'{"format": "safeplan-evidence-bundle"}', "missing keys"),
        (b"1" * 5000, "this program can read"),
        (b"[" * 100_000, "this program can read"),
    ],
)
def test_reading_a_broken_manifest_says_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        manifest_from_json(data)


def test_reading_a_manifest_checks_every_file_entry() -> None:
    good = json.loads(manifest_to_json(make_bundle(io.BytesIO())))
    good["files"][0]["path"] = "../../etc/passwd"
    with pytest.raises(ManifestError, match=r"relative path|'\.\.'"):
        manifest_from_json(json.dumps(good).encode())
    good["files"][0] = {"path": "a.txt", "sha256": "0" * 64, "size": 1.0}
    with pytest.raises(ManifestError, match="size"):
        manifest_from_json(json.dumps(good).encode())


# --- verifying a bundle --------------------------------------------------------------------


def test_a_bundle_as_written_verifies(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.zip"
    manifest = make_bundle(bundle)
    result = verify_bundle(bundle)
    assert result.ok, result.summary
    assert result.problems == []
    assert result.manifest == manifest
    assert result.matched == len(MEMBERS)
    assert result.summary == "The bundle is intact: all 4 files match the manifest."
    with zipfile.ZipFile(bundle) as archive:
        assert sorted(archive.namelist()) == sorted([*MEMBERS, MANIFEST_NAME])
        assert archive.read(MANIFEST_NAME) == manifest_to_json(manifest)


def test_a_bundle_verifies_from_an_open_file_and_with_its_recorded_digest(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    make_bundle(buffer)
    digest = hashlib.sha256(buffer.getvalue()).hexdigest()
    buffer.seek(0)
    assert verify_bundle(buffer, expected_sha256=digest).ok
    wrong = verify_bundle(buffer, expected_sha256="0" * 64)
    assert not wrong.ok
    assert wrong.problems == ["The bundle file's SHA-256 is not the one recorded at export: the file has been changed"]


def test_a_changed_byte_in_one_file_is_found_and_named(tmp_path: Path) -> None:
    make_bundle(tmp_path / "original.zip")

    def flip_one_byte(name: str, data: bytes) -> bytes:
        if name != "exhibits/EX-003.jpg":
            return data
        return data[:5] + bytes([data[5] ^ 0x01]) + data[6:]

    rezip(tmp_path / "original.zip", tmp_path / "tampered.zip", flip_one_byte)
    result = verify_bundle(tmp_path / "tampered.zip")
    assert not result.ok
    assert result.problems == ["exhibits/EX-003.jpg has changed (SHA-256 differs)"]
    assert result.changed == ["exhibits/EX-003.jpg"]
    assert result.matched == 3
    assert result.summary == (
        "The bundle failed verification (1 problem):\n- exhibits/EX-003.jpg has changed (SHA-256 differs)"
    )


def test_a_file_of_a_different_size_is_found_and_named(tmp_path: Path) -> None:
    make_bundle(tmp_path / "original.zip")
    rezip(
        tmp_path / "original.zip",
        tmp_path / "tampered.zip",
        lambda name, data: data + b"!" if name == "chronology.pdf" else data,
    )
    result = verify_bundle(tmp_path / "tampered.zip")
    expected_size = len(MEMBERS["chronology.pdf"])
    assert result.problems == [
        f"chronology.pdf has changed (size differs: the manifest says {expected_size} bytes, "
        f"the bundle holds {expected_size + 1})"
    ]


def test_a_removed_file_is_found_and_named(tmp_path: Path) -> None:
    make_bundle(tmp_path / "original.zip")
    rezip(
        tmp_path / "original.zip",
        tmp_path / "tampered.zip",
        lambda name, data: None if name == "exhibits/EX-001.txt" else data,
    )
    result = verify_bundle(tmp_path / "tampered.zip")
    assert result.problems == ["exhibits/EX-001.txt is missing from the bundle"]
    assert result.missing == ["exhibits/EX-001.txt"]


def test_an_added_file_is_found_and_named(tmp_path: Path) -> None:
    make_bundle(tmp_path / "original.zip")
    rezip(tmp_path / "original.zip", tmp_path / "tampered.zip", extra={"exhibits/EX-099.jpg": b"planted"})
    result = verify_bundle(tmp_path / "tampered.zip")
    assert result.problems == ["exhibits/EX-099.jpg is in the bundle but not listed in the manifest"]
    assert result.unexpected == ["exhibits/EX-099.jpg"]


def test_a_file_added_twice_under_the_same_name_is_found(tmp_path: Path) -> None:
    make_bundle(tmp_path / "original.zip")
    with pytest.warns(UserWarning, match="Duplicate name"):
        rezip(tmp_path / "original.zip", tmp_path / "tampered.zip", extra={"chronology.pdf": b"a second copy"})
    result = verify_bundle(tmp_path / "tampered.zip")
    assert "chronology.pdf appears 2 times in the bundle" in result.problems
    assert not result.ok


def test_a_corrupt_manifest_is_reported(tmp_path: Path) -> None:
    make_bundle(tmp_path / "original.zip")
    rezip(
        tmp_path / "original.zip",
        tmp_path / "tampered.zip",
        lambda name, data: data[:-3] if name == MANIFEST_NAME else data,
    )
    result = verify_bundle(tmp_path / "tampered.zip")
    assert not result.ok
    assert len(result.problems) == 1
    assert result.problems[0].startswith("manifest.json is malformed: it is not valid JSON")


def test_a_missing_manifest_is_reported(tmp_path: Path) -> None:
    make_bundle(tmp_path / "original.zip")
    rezip(
        tmp_path / "original.zip", tmp_path / "tampered.zip", lambda name, data: None if name == MANIFEST_NAME else data
    )
    result = verify_bundle(tmp_path / "tampered.zip")
    assert result.problems == ["manifest.json is missing, so the files cannot be checked"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"This is a chronology, not a ZIP.", "The file is not a ZIP archive, or is too damaged to open"),
        (b"", "The file is not a ZIP archive, or is too damaged to open"),
    ],
)
def test_a_file_that_is_not_a_zip_gives_a_clear_problem(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bundle.zip"
    path.write_bytes(content)
    result = verify_bundle(path)
    assert (result.ok, result.problems) == (False, [problem])


def test_a_bundle_that_does_not_exist_gives_a_clear_problem(tmp_path: Path) -> None:
    result = verify_bundle(tmp_path / "nowhere.zip")
    assert (result.ok, result.problems) == (False, ["The bundle file does not exist"])


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(MEMBERS)), st.data())
def test_flipping_any_byte_of_any_file_is_found_and_named(tmp_path: Path, name: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=len(MEMBERS[name]) - 1))
    bit = data.draw(st.integers(min_value=0, max_value=7))
    original, tampered = tmp_path / "original.zip", tmp_path / "tampered.zip"
    make_bundle(original)

    def flip(member: str, content: bytes) -> bytes:
        if member != name:
            return content
        return content[:position] + bytes([content[position] ^ (1 << bit)]) + content[position + 1 :]

    rezip(original, tampered, flip)
    result = verify_bundle(tampered)
    assert not result.ok
    assert result.changed == [name]
    assert result.problems == [f"{name} has changed (SHA-256 differs)"]


def member_data_span(bundle: Path, name: str) -> tuple[int, int]:
    """Return where a stored member's bytes start in the ZIP file, and how many there are."""
    with zipfile.ZipFile(bundle) as archive:
        info = archive.getinfo(name)
    raw = bundle.read_bytes()
    name_length, extra_length = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    return info.header_offset + 30 + name_length + extra_length, info.compress_size


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(MEMBERS)), st.data())
def test_flipping_a_byte_inside_the_zip_file_itself_is_found_and_named(
    tmp_path: Path, name: str, data: st.DataObject
) -> None:
    bundle = tmp_path / "bundle.zip"
    make_bundle(bundle, compression=zipfile.ZIP_STORED)
    start, length = member_data_span(bundle, name)
    raw = bytearray(bundle.read_bytes())
    assert raw[start : start + length] == MEMBERS[name]
    position = start + data.draw(st.integers(min_value=0, max_value=length - 1))
    raw[position] ^= 1 << data.draw(st.integers(min_value=0, max_value=7))
    bundle.write_bytes(bytes(raw))
    result = verify_bundle(bundle)
    assert not result.ok
    assert result.changed == [name]
    assert result.problems[0].startswith(f"{name} has changed")


@settings(max_examples=100)
@given(st.data(), st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
def test_verifying_never_raises_whatever_byte_of_the_zip_is_flipped(data: st.DataObject, compression: int) -> None:
    buffer = io.BytesIO()
    make_bundle(buffer, compression=compression)
    raw = bytearray(buffer.getvalue())
    position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    raw[position] ^= 1 << data.draw(st.integers(min_value=0, max_value=7))
    result = verify_bundle(io.BytesIO(bytes(raw)))
    # Some bytes (a timestamp in a local header) carry no content; those are what expected_sha256 is for.
    assert result.ok == (result.problems == [])


@settings(max_examples=100)
@given(st.data())
def test_flipping_any_byte_of_the_zip_is_found_with_the_recorded_digest_and_never_raises(data: st.DataObject) -> None:
    buffer = io.BytesIO()
    make_bundle(buffer)
    raw = bytearray(buffer.getvalue())
    digest = hashlib.sha256(raw).hexdigest()
    position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    raw[position] ^= 1 << data.draw(st.integers(min_value=0, max_value=7))
    result = verify_bundle(io.BytesIO(bytes(raw)), expected_sha256=digest)
    assert not result.ok
    assert (
        result.problems[0] == "The bundle file's SHA-256 is not the one recorded at export: the file has been changed"
    )
