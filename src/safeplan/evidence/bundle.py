"""Build an evidence bundle ZIP (chronology PDF, exhibits, manifest.json) from plain data, streaming.

Takes ChronologyEntry dataclasses and exhibits as openers of binary streams, not models, so the
survivor vault builds the same bundle. Each exhibit is opened only when its turn comes, copied
in chunks while it is hashed (safeplan.domain.manifest.write_bundle), and closed before the
next: memory does not grow with the size of the exhibits.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Protocol

from safeplan.domain.manifest import MANIFEST_NAME, PUBLIC_KEY_NAME, SIGNATURE_NAME, Manifest, Readable, write_bundle
from safeplan.evidence import signing
from safeplan.evidence.chronology import ChronologyEntry, render_pdf
from safeplan.evidence.filecrypto import DecryptingReader, EncryptingWriter, new_file_key

CHRONOLOGY_NAME = "chronology.pdf"
EXHIBITS_FOLDER = "exhibits"
INSTRUCTIONS_NAME = "how-to-check.txt"

# Kept in English: it is read by a court, the defence and their experts, with the files it describes.
INSTRUCTIONS = """How to check this evidence bundle

{manifest} lists every other file in this bundle with its SHA-256 and size.
{signature} is an Ed25519 signature over the exact bytes of {manifest}, made with the
signing key of the service that exported the bundle. {public_key} is that key's public half.

1. Check that {public_key} is the service's key. Its fingerprint (the SHA-256 of the 32
   raw bytes of the key) must be the one the service publishes on its "evidence-keys" page:
   {fingerprint}
   With OpenSSL 3:  openssl pkey -pubin -in {public_key} -outform DER | tail -c 32 | sha256sum

2. Check the signature over the manifest:
   openssl pkeyutl -verify -pubin -inkey {public_key} -rawin -in {manifest} -sigfile {signature}
   It must print "Signature Verified Successfully".

3. Check every file against the manifest, for example with Python 3:
   python3 -c "import hashlib,json; m=json.load(open('{manifest}')); \
   [print(f['path'], hashlib.sha256(open(f['path'],'rb').read()).hexdigest()==f['sha256']) for f in m['files']]"
   Every line must end in True.

{chronology} also carries a PDF signature that PDF readers show in their signature panel; any
change to the document after it was signed is reported there.
"""


class ClosableReadable(Protocol):
    """A binary stream the bundle reads in chunks and then closes."""

    def read(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class BundleExhibit:
    """One exhibit: its file name inside exhibits/ (e.g. "EX-001.jpg") and how to open its bytes."""

    name: str
    open: Callable[[], ClosableReadable]


@dataclass(frozen=True)
class BuiltBundle:
    """A bundle written to an unnamed, encrypted temporary file: its manifest and the SHA-256 of the ZIP itself.

    The file has no name on disk and its key is only in this object, so nothing readable is left
    if the process dies; read it once with chunks() (which closes it) or drop it with discard().
    """

    manifest: Manifest
    sha256: str
    size: int
    spool: IO[bytes]
    key: bytes

    def chunks(self) -> Iterator[bytes]:
        """Yield the ZIP's bytes, decrypted chunk by chunk, then close the temporary file."""
        try:
            self.spool.seek(0)
            yield from DecryptingReader(self.spool, self.key).chunks()
        finally:
            self.spool.close()

    def read(self) -> bytes:
        """Return the whole ZIP (tests and small bundles only) and close the temporary file."""
        return b"".join(self.chunks())

    def discard(self) -> None:
        self.spool.close()


class _HashingSink:
    """A write-only, non-seekable target that hashes and counts what the ZIP writer gives it."""

    def __init__(self, inner: EncryptingWriter) -> None:
        self.inner = inner
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.inner.write(data)

    def flush(self) -> None:
        pass


def instructions() -> bytes:
    """Return the plain-text instructions for checking a bundle offline, naming the current key."""
    return INSTRUCTIONS.format(
        manifest=MANIFEST_NAME,
        signature=SIGNATURE_NAME,
        public_key=PUBLIC_KEY_NAME,
        chronology=CHRONOLOGY_NAME,
        fingerprint=signing.keys().current_fingerprint,
    ).encode("utf-8")


def _members(
    chronology: IO[bytes], exhibits: Iterable[BundleExhibit], after: Iterable[BundleExhibit] = ()
) -> Iterator[tuple[str, Readable]]:
    yield CHRONOLOGY_NAME, chronology
    yield PUBLIC_KEY_NAME, io.BytesIO(signing.current_public_key_pem())
    yield INSTRUCTIONS_NAME, io.BytesIO(instructions())
    for exhibit in exhibits:
        with closing(exhibit.open()) as stream:
            yield f"{EXHIBITS_FOLDER}/{exhibit.name}", stream
    for extra in after:  # opened once every exhibit is written, so it can describe them
        with closing(extra.open()) as stream:
            yield extra.name, stream


def write_evidence_bundle(
    target: IO[bytes],
    *,
    reference: str,
    chain_head: str,
    created_at: datetime,
    entries: Sequence[ChronologyEntry],
    exhibits: Iterable[BundleExhibit],
    title: str = "",
    after: Iterable[BundleExhibit] = (),
) -> Manifest:
    """Write the bundle ZIP to target, its manifest signed, and return the manifest.

    after: files at the top of the bundle, opened after the exhibits (for example a list of what
    was removed from each); the manifest and its signature cover them like every other file.
    """
    with tempfile.TemporaryFile() as unsigned, tempfile.TemporaryFile() as pdf:
        render_pdf(
            entries,
            unsigned,
            reference=reference,
            title=title,
            created_at=created_at,
            chain_head=chain_head,
            signing_key=signing.keys().current_fingerprint,
        )
        unsigned.seek(0)
        signing.sign_pdf(unsigned, pdf, reason=f"Evidence chronology {reference}")
        pdf.seek(0)
        return write_bundle(
            target,
            reference=reference,
            chain_head=chain_head,
            created_at=created_at,
            members=_members(pdf, exhibits, after),
            # Photos, video, audio and the PDF are compressed already: deflating them again costs
            # CPU time for nothing, so every member is stored as it is.
            compression=zipfile.ZIP_STORED,
            sign=signing.sign_manifest,
        )


def build_bundle_file(directory: str | None = None, **options: object) -> BuiltBundle:
    """Write the bundle into a new unnamed temporary file, encrypted as it is written, and return it.

    The file is unnamed (O_TMPFILE, or unlinked at once), so a failure or a killed process leaves
    nothing to clean up, and what reaches the disk is sealed under a key held only in memory: a
    half-written bundle of decrypted exhibits is never readable. Options are those of
    write_evidence_bundle. The caller serves it with chunks() or drops it with discard().
    """
    spool = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 - handed to the BuiltBundle
    key = new_file_key()
    try:
        writer = EncryptingWriter(spool, key)
        sink = _HashingSink(writer)
        manifest = write_evidence_bundle(sink, **options)  # type: ignore[arg-type]
        writer.close()
        spool.flush()
    except BaseException:
        spool.close()
        raise
    return BuiltBundle(manifest=manifest, sha256=sink.digest.hexdigest(), size=sink.size, spool=spool, key=key)
