"""A case's chain of incidents and amendments, stored on their rows, built on domain.hashchain.

The payload of each link is recomputed from the row (decrypted fields, plain columns and the
SHA-256 of the exhibits it brought), so a row changed behind the application's back (a raw SQL
UPDATE, a restored backup, an edited database file) no longer matches its stored hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case
from safeplan.domain.hashchain import AMENDMENT, AMENDS_KEY, ENTRY, GENESIS_HASH, Link, VerifyResult, link_hash, verify
from safeplan.evidence.models import Amendment, Attachment, Incident

# Audit verbs whose detail carries the chain head after the write.
HEAD_VERBS = (Verb.INCIDENT_RECORDED, Verb.INCIDENT_AMENDED, Verb.ATTACHMENT_ADDED, Verb.MESSAGES_IMPORTED)

INCIDENT_FIELDS = (
    "time_is_approximate",
    "approximation",
    "place",
    "summary",
    "victim_words",
    "words_used",
    "injuries",
    "body_regions",
    "witnesses",
    "children_present",
    "children",
    "police_reference",
    "agencies_told",
    "effect",
    "source",
    "source_format",
    "source_ref",
)


def _plain(value: Any) -> Any:
    # Choices enums before saving and plain str after loading must hash the same.
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        return str(value)
    return value


def _exhibit(attachment: Attachment) -> dict[str, Any]:
    return {"number": attachment.number, "sha256": attachment.sha256, "size": attachment.size}


def incident_payload(incident: Incident, exhibits: list[Attachment]) -> dict[str, Any]:
    """Return what an incident's link covers: every field, and the exhibits it brought."""
    payload: dict[str, Any] = {name: _plain(getattr(incident, name)) for name in INCIDENT_FIELDS}
    payload.update(
        record="incident",
        case_id=incident.case_id,
        occurred_at=incident.occurred_at,
        created_at=incident.created_at,
        created_by_id=incident.created_by_id,
        exhibits=[_exhibit(item) for item in sorted(exhibits, key=lambda item: item.number)],
    )
    return payload


def amendment_payload(amendment: Amendment, amended_sequence: int, exhibit: Attachment | None) -> dict[str, Any]:
    """Return what an amendment's link covers, naming the amended entry by its sequence."""
    return {
        AMENDS_KEY: amended_sequence,
        "record": "amendment",
        "case_id": amendment.case_id,
        "incident_id": amendment.incident_id,
        "kind": _plain(amendment.kind),
        "field_name": _plain(amendment.field_name),
        "text": _plain(amendment.text),
        "reason": _plain(amendment.reason),
        "created_at": amendment.created_at,
        "created_by_id": amendment.created_by_id,
        "exhibits": [_exhibit(exhibit)] if exhibit is not None else [],
    }


def next_position(case: Case) -> tuple[int, str]:
    """Return the next sequence number and the hash it chains from (call with the case row locked)."""
    last_incident = Incident.objects.filter(case=case).aggregate(top=Max("sequence"))["top"]
    last_amendment = Amendment.objects.filter(case=case).aggregate(top=Max("sequence"))["top"]
    candidates = [value for value in (last_incident, last_amendment) if value is not None]
    if not candidates:
        return 0, GENESIS_HASH
    top = max(candidates)
    row = Incident.objects.filter(case=case, sequence=top).only("hash").first() or Amendment.objects.only("hash").get(
        case=case, sequence=top
    )
    return top + 1, row.hash


def seal_incident(incident: Incident, exhibits: list[Attachment]) -> None:
    """Give an unsaved incident its place in the chain (sequence, previous_hash, hash)."""
    sequence, previous = next_position(incident.case)
    incident.sequence = sequence
    incident.previous_hash = previous
    incident.hash = link_hash(previous, ENTRY, incident_payload(incident, exhibits))


def seal_amendment(amendment: Amendment, exhibit: Attachment | None) -> None:
    """Give an unsaved amendment its place in the chain, after the entry it amends."""
    sequence, previous = next_position(amendment.case)
    amendment.sequence = sequence
    amendment.previous_hash = previous
    amendment.hash = link_hash(previous, AMENDMENT, amendment_payload(amendment, amendment.incident.sequence, exhibit))


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking a case's chain, with the first broken link described in words."""

    result: VerifyResult
    head: str
    length: int
    broken_label: str = ""

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def message(self) -> str:
        if self.ok:
            return f"The record chain of {self.length} links is intact."
        return (
            f"The record has been changed outside the application: link {self.result.broken_index} "
            f"({self.broken_label}) fails its check ({self.result.reason})."
        )


def recorded_head(case: Case) -> str | None:
    """Return the chain head written to the audit trail by the case's latest evidence write."""
    event = AuditEvent.objects.filter(case_id=case.pk, verb__in=HEAD_VERBS).order_by("-id").first()
    return event.detail.get("chain_head") if event is not None else None


def check_chain(case: Case) -> ChainReport:
    """Recompute every link of the case's chain from its rows and verify it against the recorded head."""
    incidents = list(
        Incident.objects.filter(case=case).select_related("source_attachment").prefetch_related("attachments")
    )
    by_id = {incident.pk: incident for incident in incidents}
    amendments = list(Amendment.objects.filter(case=case).select_related("attachment"))
    rows: list[tuple[int, Link, str]] = []
    for incident in incidents:
        exhibits = [item for item in incident.attachments.all() if item.amendment_id is None]
        if incident.source_attachment is not None:
            exhibits.append(incident.source_attachment)
        rows.append(
            (
                incident.sequence,
                Link(
                    incident.sequence,
                    ENTRY,
                    incident_payload(incident, exhibits),
                    incident.previous_hash,
                    incident.hash,
                ),
                f"incident {incident.pk}",
            )
        )
    for amendment in amendments:
        target = by_id.get(amendment.incident_id)
        exhibit = getattr(amendment, "attachment", None)
        payload = amendment_payload(amendment, target.sequence if target else -1, exhibit)
        rows.append(
            (
                amendment.sequence,
                Link(amendment.sequence, AMENDMENT, payload, amendment.previous_hash, amendment.hash),
                f"amendment {amendment.pk} to incident {amendment.incident_id}",
            )
        )
    rows.sort(key=lambda row: row[0])
    links = [row[1] for row in rows]
    result = verify(links, expected_head=recorded_head(case))
    head = links[-1].hash if links else GENESIS_HASH
    label = ""
    if not result.ok and result.broken_index is not None:
        label = rows[result.broken_index][2] if result.broken_index < len(rows) else "links missing from the end"
    return ChainReport(result=result, head=head, length=len(links), broken_label=label)
