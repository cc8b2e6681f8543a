"""Describe an evidence bundle (a ZIP of a chronology and exhibits) by a manifest, and verify it.

The bundle holds `manifest.json`: the SHA-256 and size of every other file, the head of the
diary's hash chain at export, a reference label and the time of export. Anyone can check the
bundle later with `verify_bundle`, which streams every member and never holds a whole file in
memory. The manifest cannot vouch for the ZIP's own metadata (timestamps, comments), nor for
itself: record the SHA-256 of the whole ZIP at export (the audit log) and pass it as
expected_sha256 to detect a change to any byte of the file.

A bundle can also carry `manifest.sig`, a detached Ed25519 signature over the exact bytes of
`manifest.json` (safeplan.domain.signing). Without it, anyone who changes a file can recompute its
hash in the manifest; with it, and the signer's public key checked against the one the deployment
publishes, a changed manifest is refused. The signature is checked by
`openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin -in manifest.json -sigfile manifest.sig`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any, Final, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from safeplan.domain import signing
from safeplan.domain.hashchain import CanonicalError, canonical_json, is_sha256_hex

MANIFEST_NAME: Final = "manifest.json"
# The detached signature of manifest.json (64 raw bytes): it cannot be listed in what it signs.
SIGNATURE_NAME: Final = "manifest.sig"
# The signer's public key, as an ordinary member listed (and so signed) in the manifest.
PUBLIC_KEY_NAME: Final = "signing-key.pem"
RESERVED_NAMES: Final = frozenset({MANIFEST_NAME, SIGNATURE_NAME})
FORMAT: Final = "safeplan-evidence-bundle"
FORMAT_VERSION: Final = 1
DEFAULT_CHUNK_SIZE: Final = 1024 * 1024
# A manifest lists file names and digests; anything larger is not ours and is not read.
MAX_MANIFEST_BYTES: Final = 16 * 1024 * 1024
# A label for the case or vault (e.g. "CASE-2026-00042"): letters, digits and . _ : / - only, so
# that names and addresses, which need spaces, do not end up in a file anyone can read.
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}")
_MANIFEST_KEYS: Final = frozenset({"format", "format_version", "created_at", "reference", "chain_head", "files"})
_FILE_KEYS: Final = frozenset({"path", "sha256", "size"})


class Readable(Protocol):
    """A binary stream: anything with read(size) -> bytes."""

    def read(self, size: int = -1, /) -> bytes: ...


class ManifestError(ValueError):
    """A manifest, or a file entry in it, is not valid."""


def _digest(readable: Readable, chunk_size: int) -> tuple[str, int]:
    if type(chunk_size) is not int or chunk_size <= 0:
        raise ValueError("chunk_size must be a positive int")
    digest = hashlib.sha256()
    size = 0
    while chunk := readable.read(chunk_size):
        if not isinstance(chunk, bytes | bytearray | memoryview):
            raise TypeError("the stream must be opened in binary mode")
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def sha256_stream(readable: Readable, chunk_size: int = DEFAULT_CHUNK_SIZE) -> str:
    """Return the SHA-256 hex digest of everything left in readable, read chunk_size bytes at a time."""
    return _digest(readable, chunk_size)[0]


def check_member_path(path: object) -> str:
    """Return path if it is a safe relative POSIX path for a bundle member, else raise ManifestError."""
    if type(path) is not str or not path:
        raise ManifestError("a file path must be a non-empty string")
    if len(path) > 255:
        raise ManifestError(f"{path[:40]}...: a file path must be at most 255 characters")
    # Anything that could escape the folder it is unpacked into, or that Windows cannot create.
    if path.startswith("/") or "\\" in path or ":" in path or any(ord(char) < 32 for char in path):
        raise ManifestError(f"{path!r} is not a relative path of ordinary characters")
    if any(part in ("", ".", "..") for part in path.split("/")):
        raise ManifestError(f"{path!r} has an empty, '.' or '..' part")
    if path in RESERVED_NAMES:
        raise ManifestError(f"{path} is reserved for the manifest and its signature")
    return path


@dataclass(frozen=True)
class ManifestFile:
    """One file of the bundle: its path inside the ZIP, SHA-256 and size in bytes."""

    path: str
    sha256: str
    size: int

    def __post_init__(self) -> None:
        check_member_path(self.path)
        if not is_sha256_hex(self.sha256):
            raise ManifestError(f"{self.path}: sha256 must be 64 lowercase hexadecimal characters")
        if type(self.size) is not int or self.size < 0:
            raise ManifestError(f"{self.path}: size must be a non-negative int")


@dataclass(frozen=True)
class Manifest:
    """What an evidence bundle holds. files are kept sorted by path so that equal bundles compare equal."""

    created_at: datetime
    reference: str
    chain_head: str
    files: tuple[ManifestFile, ...] = field(default=())
    format_version: int = FORMAT_VERSION

    def __post_init__(self) -> None:
        if not isinstance(self.created_at, datetime) or self.created_at.utcoffset() is None:
            raise ManifestError("created_at must be a timezone-aware datetime")
        if type(self.reference) is not str or not _REFERENCE.fullmatch(self.reference):
            raise ManifestError(
                "reference must be 1 to 80 letters, digits or . _ : / - (a case or vault label, never a name)"
            )
        if not is_sha256_hex(self.chain_head):
            raise ManifestError("chain_head must be 64 lowercase hexadecimal characters")
        if self.format_version != FORMAT_VERSION or type(self.format_version) is not int:
            raise ManifestError(f"format_version {self.format_version!r} is not supported (expected {FORMAT_VERSION})")
        files = tuple(sorted(self.files, key=lambda item: item.path))
        repeated = sorted(path for path, count in Counter(item.path for item in files).items() if count > 1)
        if repeated:
            raise ManifestError(f"{repeated[0]} is listed more than once")
        object.__setattr__(self, "files", files)


def describe_file(path: str, readable: Readable, chunk_size: int = DEFAULT_CHUNK_SIZE) -> ManifestFile:
    """Return the manifest entry for a file, streaming its content once."""
    check_member_path(path)
    digest, size = _digest(readable, chunk_size)
    return ManifestFile(path=path, sha256=digest, size=size)


def build_manifest(
    *,
    reference: str,
    chain_head: str,
    created_at: datetime,
    members: Iterable[tuple[str, Readable]],
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Manifest:
    """Return the manifest of members, given as (path in the bundle, binary stream) pairs."""
    files = tuple(describe_file(path, readable, chunk_size) for path, readable in members)
    return Manifest(created_at=created_at, reference=reference, chain_head=chain_head, files=files)


def manifest_to_json(manifest: Manifest) -> bytes:
    """Return the canonical JSON of manifest (sorted keys, no whitespace, UTF-8)."""
    return canonical_json(
        {
            "format": FORMAT,
            "format_version": manifest.format_version,
            "created_at": manifest.created_at,
            "reference": manifest.reference,
            "chain_head": manifest.chain_head,
            "files": [{"path": item.path, "sha256": item.sha256, "size": item.size} for item in manifest.files],
        }
    )


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ManifestError(f"the key {key!r} appears twice")
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise ManifestError(f"{name} is not a valid value")


def _exact_keys(data: object, expected: frozenset[str], where: str) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise ManifestError(f"{where} must be a JSON object")
    if set(data) != expected:
        missing, extra = sorted(expected - set(data)), sorted(set(data) - expected)
        raise ManifestError(f"{where} has missing keys {missing} or unknown keys {extra}")
    return data


def manifest_from_json(data: bytes) -> Manifest:
    """Return the manifest that data encodes, or raise ManifestError saying what is wrong."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestError("it is not UTF-8 text") from None
    try:
        parsed = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_refuse_constant)
    except ManifestError:
        raise
    except json.JSONDecodeError as error:
        raise ManifestError(
            f"it is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    except (ValueError, RecursionError):
        # Numbers too long for int() and absurd nesting: no manifest of ours looks like that.
        raise ManifestError("it is not a JSON document this program can read") from None
    top = _exact_keys(parsed, _MANIFEST_KEYS, "the manifest")
    if top["format"] != FORMAT:
        raise ManifestError(f"its format is {top['format']!r}, not {FORMAT!r}")
    if type(top["created_at"]) is not str:
        raise ManifestError("created_at must be a string")
    try:
        created_at = datetime.fromisoformat(top["created_at"])
    except ValueError:
        raise ManifestError(f"created_at {top['created_at']!r} is not an ISO 8601 date and time") from None
    if not isinstance(top["files"], list):
        raise ManifestError("files must be a list")
    files = []
    for index, entry in enumerate(top["files"]):
        item = _exact_keys(entry, _FILE_KEYS, f"files[{index}]")
        files.append(ManifestFile(path=item["path"], sha256=item["sha256"], size=item["size"]))
    return Manifest(
        created_at=created_at,
        reference=top["reference"],
        chain_head=top["chain_head"],
        files=tuple(files),
        format_version=top["format_version"],
    )


def write_bundle(
    target: str | os.PathLike[str] | IO[bytes],
    *,
    reference: str,
    chain_head: str,
    created_at: datetime,
    members: Iterable[tuple[str, Readable]],
    compression: int = zipfile.ZIP_DEFLATED,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    sign: Callable[[bytes], bytes] | None = None,
) -> Manifest:
    """Write a bundle ZIP of members plus its manifest.json, hashing each member as it is copied; return the manifest.

    Every member is read exactly once, so what the manifest describes is what was written. With
    sign, also write manifest.sig: sign's detached signature of the manifest's exact bytes.
    """
    files: list[ManifestFile] = []
    stamp = created_at.astimezone(UTC).timetuple()[:6]
    with zipfile.ZipFile(target, "w") as archive:
        for path, readable in members:
            check_member_path(path)
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = compression
            digest = hashlib.sha256()
            size = 0
            # force_zip64: the size is unknown until the copy ends, and exhibits (video) can pass 4 GiB.
            with archive.open(info, "w", force_zip64=True) as out:
                while chunk := readable.read(chunk_size):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            files.append(ManifestFile(path=path, sha256=digest.hexdigest(), size=size))
        manifest = Manifest(created_at=created_at, reference=reference, chain_head=chain_head, files=tuple(files))
        info = zipfile.ZipInfo(MANIFEST_NAME, date_time=stamp)
        info.compress_type = compression
        manifest_bytes = manifest_to_json(manifest)
        archive.writestr(info, manifest_bytes)
        if sign is not None:
            info = zipfile.ZipInfo(SIGNATURE_NAME, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, sign(manifest_bytes))
    return manifest


@dataclass(frozen=True)
class BundleVerification:
    """The outcome of checking a bundle against its manifest, with every problem in plain words."""

    ok: bool
    problems: list[str]
    manifest: Manifest | None = None
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    matched: int = 0
    # The fingerprint of the trusted key whose signature over the manifest holds, when checked.
    signed_by: str | None = None

    @property
    def summary(self) -> str:
        """Return a short report a person can read: the verdict, then one line per problem."""
        if self.ok:
            signed = f", signed by the key {self.signed_by}" if self.signed_by else ""
            return f"The bundle is intact: all {self.matched} files match the manifest{signed}."
        count = len(self.problems)
        lines = [f"The bundle failed verification ({count} problem{'s' if count != 1 else ''}):"]
        lines += [f"- {problem}" for problem in self.problems]
        return "\n".join(lines)


def _file_sha256(source: str | os.PathLike[str] | IO[bytes], chunk_size: int) -> str:
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            return sha256_stream(handle, chunk_size)
    start = source.tell()
    source.seek(0)
    try:
        return sha256_stream(source, chunk_size)
    finally:
        source.seek(start)


def verify_bundle(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    expected_sha256: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    trusted_keys: Mapping[str, Ed25519PublicKey] | None = None,
) -> BundleVerification:
    """Return whether the bundle ZIP at source matches its manifest.json, naming every problem found.

    Reports files that changed (size or SHA-256), files missing, files present but not listed,
    names that appear more than once, and a missing or malformed manifest. Never raises for a
    damaged or foreign file: that is a problem in the result. With expected_sha256 (recorded at
    export), also reports a change to any byte of the ZIP, including parts the manifest cannot
    cover. With trusted_keys (fingerprint -> public key), the manifest must carry a signature by
    one of them: an unsigned bundle, or one whose manifest was changed (and its hashes
    recomputed) after signing, or one signed by another key, is refused with the reason.
    """
    problems: list[str] = []
    if expected_sha256 is not None:
        try:
            if _file_sha256(source, chunk_size) != expected_sha256.lower():
                problems.append(
                    "The bundle file's SHA-256 is not the one recorded at export: the file has been changed"
                )
        except OSError as error:
            return BundleVerification(ok=False, problems=[f"The bundle could not be read: {error.strerror or error}"])
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        return BundleVerification(ok=False, problems=["The bundle file does not exist"])
    except OSError as error:
        return BundleVerification(ok=False, problems=[f"The bundle could not be read: {error.strerror or error}"])
    # A damaged archive makes zipfile raise many kinds of error; each means "not a readable ZIP".
    except Exception:
        return BundleVerification(
            ok=False, problems=[*problems, "The file is not a ZIP archive, or is too damaged to open"]
        )
    with archive:
        return _verify_archive(archive, problems, chunk_size, trusted_keys)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    if info.file_size > limit:
        return None
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1)
    except Exception:  # see verify_bundle
        return None
    return data if len(data) <= limit else None


def _signature_problem(
    archive: zipfile.ZipFile, by_name: Mapping[str, zipfile.ZipInfo], trusted_keys: Mapping[str, Ed25519PublicKey]
) -> tuple[str | None, str | None]:
    """Return (fingerprint of the trusted signer, None) or (None, the problem in words)."""
    manifest_bytes = _read_member(archive, by_name[MANIFEST_NAME], MAX_MANIFEST_BYTES)
    signature_info = by_name.get(SIGNATURE_NAME)
    if signature_info is None:
        return None, (
            f"{SIGNATURE_NAME} is missing: the bundle is not signed, so nothing shows that it came from this "
            "service unchanged (anyone can recompute the hashes in an unsigned manifest)"
        )
    signature = _read_member(archive, signature_info, signing.SIGNATURE_BYTES)
    if manifest_bytes is None or signature is None or len(signature) != signing.SIGNATURE_BYTES:
        return None, f"{SIGNATURE_NAME} is not a signature this service makes"
    for name, key in trusted_keys.items():
        if signing.signature_holds(key, manifest_bytes, signature):
            return name, None
    own_key_info = by_name.get(PUBLIC_KEY_NAME)
    own_key_text = _read_member(archive, own_key_info, 4096) if own_key_info is not None else None
    if own_key_text is not None:
        try:
            own_key = signing.parse_public_key(own_key_text.decode("ascii"))
        except (signing.SigningKeyError, UnicodeDecodeError, ValueError):
            own_key = None
        if (
            own_key is not None
            and signing.fingerprint(own_key) not in trusted_keys
            and signing.signature_holds(own_key, manifest_bytes, signature)
        ):
            return None, (
                "The manifest is signed by a key this service does not know (fingerprint "
                f"{signing.fingerprint(own_key)}): it was not signed here, so its hashes prove nothing"
            )
    return None, (
        f"The signature in {SIGNATURE_NAME} does not match {MANIFEST_NAME}: the manifest was changed after it "
        "was signed (for example a file was changed and its hash recomputed)"
    )


def _verify_archive(
    archive: zipfile.ZipFile,
    problems: list[str],
    chunk_size: int,
    trusted_keys: Mapping[str, Ed25519PublicKey] | None = None,
) -> BundleVerification:
    infos = [info for info in archive.infolist() if not info.is_dir()]
    counts = Counter(info.filename for info in infos)
    for name, count in sorted(counts.items()):
        if count > 1:
            # Unzipping tools disagree on which copy wins, so no copy can be trusted.
            problems.append(f"{name} appears {count} times in the bundle")
    by_name = {info.filename: info for info in infos}
    if MANIFEST_NAME not in by_name:
        problems.append(f"{MANIFEST_NAME} is missing, so the files cannot be checked")
        return BundleVerification(ok=False, problems=problems)
    try:
        manifest = _read_manifest(archive, by_name[MANIFEST_NAME])
    except ManifestError as error:
        problems.append(f"{MANIFEST_NAME} is malformed: {error}")
        return BundleVerification(ok=False, problems=problems)
    signed_by = None
    if trusted_keys is not None:
        signed_by, problem = _signature_problem(archive, by_name, trusted_keys)
        if problem is not None:
            problems.insert(0, problem)
    changed: list[str] = []
    missing: list[str] = []
    matched = 0
    for item in manifest.files:
        info = by_name.get(item.path)
        if info is None:
            missing.append(item.path)
            problems.append(f"{item.path} is missing from the bundle")
            continue
        if info.file_size != item.size:
            changed.append(item.path)
            problems.append(
                f"{item.path} has changed (size differs: the manifest says {item.size} bytes, "
                f"the bundle holds {info.file_size})"
            )
            continue
        try:
            with archive.open(info) as member:
                digest, size = _digest(member, chunk_size)
        except Exception as error:  # see verify_bundle
            changed.append(item.path)
            problems.append(f"{item.path} has changed or is damaged (the ZIP's own check failed: {error})")
            continue
        if size != item.size:
            changed.append(item.path)
            problems.append(
                f"{item.path} has changed (size differs: the manifest says {item.size} bytes, found {size})"
            )
        elif digest != item.sha256:
            changed.append(item.path)
            problems.append(f"{item.path} has changed (SHA-256 differs)")
        else:
            matched += 1
    listed = {item.path for item in manifest.files}
    unexpected = sorted(name for name in by_name if name not in RESERVED_NAMES and name not in listed)
    problems += [f"{name} is in the bundle but not listed in the manifest" for name in unexpected]
    return BundleVerification(
        ok=not problems,
        problems=problems,
        manifest=manifest,
        changed=changed,
        missing=missing,
        unexpected=unexpected,
        matched=matched,
        signed_by=signed_by,
    )


def _read_manifest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Manifest:
    if info.file_size > MAX_MANIFEST_BYTES:
        raise ManifestError(f"it is {info.file_size} bytes, more than a manifest can be")
    try:
        with archive.open(info) as member:
            data = member.read(MAX_MANIFEST_BYTES + 1)
    except Exception as error:  # see verify_bundle
        raise ManifestError(f"it could not be read from the ZIP ({error})") from None
    try:
        return manifest_from_json(data)
    except CanonicalError as error:
        raise ManifestError(str(error)) from None
