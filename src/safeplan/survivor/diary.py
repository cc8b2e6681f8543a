"""The incident diary of a survivor space: an append-only hash chain inside the sealed document.

Entries and amendments are ``safeplan.domain.hashchain`` links stored, as plain fields
(sequence, kind, payload, previous_hash, hash), in the space's document (``PlanSpace.diary``);
the whole document is sealed under the space's data key (services.py). Nothing is ever edited
or removed: a correction is an amendment shown under its entry. The chain is verified every
time the diary is shown and before it is exported; a broken chain is reported and not exported.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.domain import hashchain
from safeplan.domain.hashchain import Link
from safeplan.domain.vaultcrypto import VaultDecryptError, open_sealed, seal
from safeplan.evidence import filetypes, metadata, regions
from safeplan.evidence.bundle import BuiltBundle, BundleExhibit, build_bundle_file
from safeplan.evidence.chronology import ChronologyAmendment, ChronologyEntry
from safeplan.survivor import services
from safeplan.survivor.document import PlanSpace
from safeplan.survivor.models import VaultBlob
from safeplan.survivor.services import OpenVault

EXPORT_REFERENCE = "notes"
ORIGINALS_NAME = "originals.json"
_STRIPPABLE = {filetypes.JPEG.extension: filetypes.JPEG, filetypes.PNG.extension: filetypes.PNG}
AMENDMENT_KINDS = {"correction": "Correction", "addition": "Addition"}


class DiaryBroken(ValueError):
    """The diary's chain does not verify: nothing may be added to it or exported from it."""


@dataclass(frozen=True)
class DiaryAmendment:
    """An amendment as the diary page shows it."""

    sequence: int
    recorded_at: datetime
    kind: str
    text: str


@dataclass(frozen=True)
class DiaryEntry:
    """An entry and its amendments as the diary page shows it."""

    sequence: int
    payload: dict[str, Any]
    occurred_at: datetime
    recorded_at: datetime
    region_labels: list[str]
    amendments: list[DiaryAmendment]


def links(document: PlanSpace) -> list[Link]:
    """Return the diary's links as stored (unverified); a malformed row is kept so verify reports it."""
    result = []
    for item in document.diary:
        # A damaged row becomes a link that fails verification, never an error page.
        row: Any = item if isinstance(item, dict) else {}
        result.append(
            Link(
                sequence=row.get("sequence"),
                kind=row.get("kind"),
                payload=row.get("payload") if isinstance(row.get("payload"), dict) else {},
                previous_hash=row.get("previous_hash", ""),
                hash=row.get("hash", ""),
            )
        )
    return result


def verify(document: PlanSpace) -> hashchain.VerifyResult:
    """Return whether the diary's chain is intact."""
    return hashchain.verify(links(document))


def _row(link: Link) -> dict[str, Any]:
    return {
        "sequence": link.sequence,
        "kind": link.kind,
        "payload": link.plain_payload(),
        "previous_hash": link.previous_hash,
        "hash": link.hash,
    }


def _append(opened: OpenVault, kind: str, payload: dict[str, Any]) -> Link:
    added: list[Link] = []

    def change(document: PlanSpace) -> None:
        chain = links(document)
        if not hashchain.verify(chain).ok:
            raise DiaryBroken("the diary's chain is broken")
        link = hashchain.append(chain, kind, payload)
        document.diary.append(_row(link))
        added.append(link)

    services.plan_update(opened, change)
    return added[0]


@dataclass(frozen=True)
class NewFile:
    """A checked file to attach to a new entry: its bytes and extension (jpg, png or pdf)."""

    data: bytes
    extension: str


def _blob_ad(vault_id: int, blob_id: int) -> bytes:
    return f"vault:{vault_id}:blob:{blob_id}".encode()


def entry_add(opened: OpenVault, payload: dict[str, Any], files: list[NewFile] | None = None) -> Link:
    """Append an entry to the diary and return its link; raise DiaryBroken if the chain is broken.

    Each file is sealed under the space's data key in its own row; the entry's payload records
    its row, extension, size and the SHA-256 of the original bytes, so the chain covers them.
    """
    with transaction.atomic():
        attached = []
        for file in files or []:
            blob = VaultBlob.objects.create(vault_id=opened.vault_id, sealed=b"")
            blob.sealed = seal(opened.data_key, file.data, _blob_ad(opened.vault_id, blob.pk))
            blob.save(update_fields=["sealed"])
            attached.append(
                {
                    "blob": blob.pk,
                    "extension": file.extension,
                    "size": len(file.data),
                    "sha256": hashlib.sha256(file.data).hexdigest(),
                }
            )
        return _append(opened, hashchain.ENTRY, {**payload, "files": attached})


def read_file(opened: OpenVault, attached: dict[str, Any]) -> bytes:
    """Return an attached file's original bytes; raise DiaryBroken if it is missing or changed."""
    blob_id = attached.get("blob")
    blob = VaultBlob.objects.filter(pk=blob_id, vault_id=opened.vault_id).first() if type(blob_id) is int else None
    if blob is None:
        raise DiaryBroken("an attached file is missing")
    try:
        data = open_sealed(opened.data_key, bytes(blob.sealed), _blob_ad(opened.vault_id, blob.pk))
    except VaultDecryptError:
        raise DiaryBroken("an attached file does not open") from None
    if hashlib.sha256(data).hexdigest() != attached.get("sha256"):
        raise DiaryBroken("an attached file has changed")
    return data


def entry_amend(opened: OpenVault, sequence: int, *, kind: str, text: str) -> Link:
    """Append an amendment of the entry at sequence; raise hashchain.ChainError if it is not an entry."""
    if kind not in AMENDMENT_KINDS:
        raise hashchain.ChainError("unknown amendment kind")
    payload = {hashchain.AMENDS_KEY: sequence, "kind": kind, "text": text, "recorded_at": timezone.now()}
    return _append(opened, hashchain.AMENDMENT, payload)


def is_entry(document: PlanSpace, sequence: int) -> bool:
    """Return True if sequence names an entry (not an amendment) of the diary."""
    chain = links(document)
    return 0 <= sequence < len(chain) and chain[sequence].kind == hashchain.ENTRY


def _when(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


def entries(document: PlanSpace) -> list[DiaryEntry]:
    """Return the diary's entries in date order, each with its amendments in the order made.

    Call only on a verified chain.
    """
    chain = links(document)
    amendments: dict[int, list[DiaryAmendment]] = {}
    for link in chain:
        if link.kind == hashchain.AMENDMENT:
            payload = link.plain_payload()
            amendments.setdefault(int(payload[hashchain.AMENDS_KEY]), []).append(
                DiaryAmendment(link.sequence, _when(payload["recorded_at"]), payload["kind"], payload["text"])
            )
    result = [
        DiaryEntry(
            sequence=link.sequence,
            payload=link.plain_payload(),
            occurred_at=_when(link.payload["occurred_at"]),
            recorded_at=_when(link.payload["recorded_at"]),
            region_labels=regions.labels(list(link.payload.get("body_regions", []))),
            amendments=amendments.get(link.sequence, []),
        )
        for link in chain
        if link.kind == hashchain.ENTRY
    ]
    return sorted(result, key=lambda entry: (entry.occurred_at, entry.sequence))


def exhibit_names(built: Sequence[DiaryEntry]) -> dict[tuple[int, int], str]:
    """Return the exhibit reference ("EX-001") of each attached file by (entry sequence, index), in date order."""
    names: dict[tuple[int, int], str] = {}
    for entry in built:
        for index, _attached in enumerate(entry.payload.get("files", [])):
            names[(entry.sequence, index)] = f"EX-{len(names) + 1:03d}"
    return names


def chronology(built: Sequence[DiaryEntry]) -> list[ChronologyEntry]:
    """Return the entries (from ``entries``) as chronology entries, in her own words."""
    names = exhibit_names(built)
    return [
        ChronologyEntry(
            occurred_at=entry.occurred_at,
            summary=entry.payload["what_happened"],
            time_is_approximate=bool(entry.payload.get("approximate")),
            approximation=entry.payload.get("approximation", ""),
            place=entry.payload.get("place", ""),
            words_used=entry.payload.get("words_used", ""),
            injuries=entry.payload.get("injuries", ""),
            body_regions=tuple(entry.region_labels),
            witnesses=entry.payload.get("witnesses", ""),
            children=entry.payload.get("children", ""),
            agencies=tuple(line for line in entry.payload.get("agencies", "").splitlines() if line.strip()),
            effect=entry.payload.get("effect", ""),
            exhibits=tuple(names[(entry.sequence, index)] for index in range(len(entry.payload.get("files", [])))),
            amendments=tuple(
                ChronologyAmendment(
                    recorded_at=amendment.recorded_at,
                    kind=AMENDMENT_KINDS.get(amendment.kind, amendment.kind),
                    text=amendment.text,
                )
                for amendment in entry.amendments
            ),
            recorded_at=entry.recorded_at,
            source="Written by me",
            key=f"entry-{entry.sequence}",
        )
        for entry in built
    ]


def _exhibit_copy(
    opened: OpenVault, attached: dict[str, Any], name: str, *, keep_location: bool
) -> tuple[bytes, dict[str, Any]]:
    """Return the bytes to export for an attached file and what the list of originals says about it.

    A photo loses its location and device data unless she chose to keep them; a photo that cannot
    be cleaned (damaged) is left out rather than sent with its location. Other files go as they are.
    """
    data = read_file(opened, attached)
    note: dict[str, Any] = {"exhibit": name, "original_sha256": attached["sha256"], "original_size": len(data)}
    file_type = _STRIPPABLE.get(attached["extension"])
    if file_type is None or keep_location:
        return data, {**note, "removed": [], "kept_as_it_was": True}
    cleaned = io.BytesIO()
    try:
        removed = metadata.strip_location(file_type, io.BytesIO(data), cleaned)
    except metadata.MetadataError as error:
        return b"", {**note, "removed": [], "left_out": str(error)}
    return cleaned.getvalue(), {**note, "removed": removed or ["none found"]}


def _exhibits(
    opened: OpenVault, built: Sequence[DiaryEntry], *, keep_location: bool
) -> tuple[list[BundleExhibit], list[dict[str, Any]]]:
    """Return the exhibits, each opened (decrypted, checked and cleaned) only when the bundle reaches it.

    The second list fills in as they are opened: for each, the original's SHA-256 and what was removed.
    """
    names = exhibit_names(built)
    exhibits: list[BundleExhibit] = []
    notes: list[dict[str, Any]] = []

    def opener(attached: dict[str, Any], name: str) -> io.BytesIO:
        data, note = _exhibit_copy(opened, attached, name, keep_location=keep_location)
        notes.append(note)
        return io.BytesIO(data)

    for entry in built:
        for index, attached in enumerate(entry.payload.get("files", [])):
            name = f"{names[(entry.sequence, index)]}.{attached['extension']}"
            exhibits.append(BundleExhibit(name=name, open=lambda a=attached, n=name: opener(a, n)))  # type: ignore[misc]
    return exhibits, notes


def export(opened: OpenVault, document: PlanSpace, *, keep_location: bool = False) -> BuiltBundle:
    """Write the diary as an evidence bundle to a temporary file; the caller serves and removes it.

    Raise DiaryBroken if the chain does not verify or an attached file is missing or changed:
    a bundle of a tampered diary proves nothing. The entries are built once, for the
    chronology and the exhibits alike. Photos lose their location and device data unless
    keep_location; originals.json (in the signed manifest) gives each original's SHA-256 and
    what was removed, so the copy can be matched to the sealed original.
    """
    chain = links(document)
    if not hashchain.verify(chain).ok:
        raise DiaryBroken("the diary's chain is broken")
    built = entries(document)
    exhibits, notes = _exhibits(opened, built, keep_location=keep_location)
    return build_bundle_file(
        None,
        reference=EXPORT_REFERENCE,
        chain_head=hashchain.chain_head(chain),
        created_at=timezone.now(),
        entries=chronology(built),
        exhibits=exhibits,
        after=[BundleExhibit(name=ORIGINALS_NAME, open=lambda: io.BytesIO(hashchain.canonical_json({"files": notes})))]
        if exhibits
        else [],
        title="My diary",
    )


def remove_file(built: BuiltBundle) -> None:
    """Drop an exported bundle that will not be served (its unnamed, encrypted temporary file)."""
    built.discard()
