"""Build an evidence bundle ZIP (chronology PDF, exhibits, manifest.json) from plain data, streaming.

Takes ChronologyEntry dataclasses and exhibits as openers of binary streams, not models, so the
survivor vault builds the same bundle. Each exhibit is opened only when its turn comes, copied
in chunks while it is hashed (safeplan.domain.manifest.write_bundle), and closed before the
next: memory does not grow with the size of the exhibits.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Protocol

from safeplan.domain.manifest import Manifest, Readable, write_bundle
from safeplan.evidence.chronology import ChronologyEntry, render_pdf

CHRONOLOGY_NAME = "chronology.pdf"
EXHIBITS_FOLDER = "exhibits"


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
    """A bundle written to a file: where it is, its manifest and the SHA-256 of the ZIP itself."""

    path: str
    manifest: Manifest
    sha256: str
    size: int


def _members(chronology: IO[bytes], exhibits: Iterable[BundleExhibit]) -> Iterator[tuple[str, Readable]]:
    yield CHRONOLOGY_NAME, chronology
    for exhibit in exhibits:
        with closing(exhibit.open()) as stream:
            yield f"{EXHIBITS_FOLDER}/{exhibit.name}", stream


def write_evidence_bundle(
    target: IO[bytes],
    *,
    reference: str,
    chain_head: str,
    created_at: datetime,
    entries: Sequence[ChronologyEntry],
    exhibits: Iterable[BundleExhibit],
    title: str = "",
) -> Manifest:
    """Write the bundle ZIP to target and return its manifest."""
    with tempfile.TemporaryFile() as pdf:
        render_pdf(entries, pdf, reference=reference, title=title, created_at=created_at, chain_head=chain_head)
        pdf.seek(0)
        return write_bundle(
            target,
            reference=reference,
            chain_head=chain_head,
            created_at=created_at,
            members=_members(pdf, exhibits),
            # Photos, video, audio and the PDF are compressed already: deflating them again costs
            # CPU time for nothing, so every member is stored as it is.
            compression=zipfile.ZIP_STORED,
        )


def build_bundle_file(directory: str | None = None, **options: object) -> BuiltBundle:
    """Write the bundle to a new temporary file and return it with the ZIP's own SHA-256.

    The caller serves the file and removes it. Options are those of write_evidence_bundle.
    """
    handle, path = tempfile.mkstemp(prefix="bundle-", suffix=".zip", dir=directory)
    try:
        with os.fdopen(handle, "w+b") as target:
            manifest = write_evidence_bundle(target, **options)  # type: ignore[arg-type]
            target.seek(0)
            digest = hashlib.sha256()
            size = 0
            while chunk := target.read(1024 * 1024):
                digest.update(chunk)
                size += len(chunk)
    except BaseException:
        os.unlink(path)
        raise
    return BuiltBundle(path=path, manifest=manifest, sha256=digest.hexdigest(), size=size)
