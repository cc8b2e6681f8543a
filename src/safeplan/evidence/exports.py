"""Export a case's evidence bundle (checks.py checks one someone brings back)."""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.freetext import redactor_for
from safeplan.cases.models import Case
from safeplan.evidence import chain, confidential, regions, signing, storage
from safeplan.evidence.bundle import BuiltBundle, BundleExhibit, build_bundle_file
from safeplan.evidence.checks import manifest_created_at, manifest_sha256
from safeplan.evidence.chronology import ChronologyAmendment, ChronologyEntry
from safeplan.evidence.filecrypto import FileDecryptError
from safeplan.evidence.models import Attachment, Incident


class ChainBrokenError(ValidationError):
    """The case's record chain does not verify, so no bundle may be exported."""


def _agencies(incident: Incident) -> tuple[str, ...]:
    lines = []
    if incident.police_reference:
        lines.append(_("Police, crime reference %(ref)s") % {"ref": incident.police_reference})
    if incident.agencies_told:
        lines.append(incident.agencies_told)
    return tuple(lines)


def _source(incident: Incident) -> str:
    if incident.source != Incident.Source.IMPORTED or incident.source_attachment is None:
        return ""
    return _("Imported from %(exhibit)s, %(where)s") % {
        "exhibit": incident.source_attachment.reference,
        "where": incident.source_ref,
    }


def chronology_entries(case: Case) -> list[ChronologyEntry]:
    """Return the case's incidents as chronology entries, with their amendments and exhibit references.

    Every free text has the case's confidential locations masked (safeplan.cases.freetext): the
    chronology goes into the bundle and its PDF, which say the victim's address is not in them.
    """
    mask = redactor_for(case).mask
    incidents = (
        Incident.objects.filter(case=case)
        .select_related("source_attachment")
        .prefetch_related("attachments", "amendments__attachment")
        .order_by("occurred_at", "sequence")
    )
    entries = []
    for incident in incidents:
        exhibits = [item.reference for item in incident.attachments.all() if item.amendment_id is None]
        if incident.source_attachment is not None:
            exhibits.append(incident.source_attachment.reference)
        amendments = tuple(
            ChronologyAmendment(
                recorded_at=amendment.created_at,
                kind=str(amendment.get_kind_display()),
                text=mask(amendment.text),
                reason=mask(amendment.reason),
                field=amendment.field_name,
                exhibits=(amendment.attachment.reference,) if hasattr(amendment, "attachment") else (),
            )
            for amendment in sorted(incident.amendments.all(), key=lambda item: item.sequence)
        )
        entries.append(
            ChronologyEntry(
                occurred_at=incident.occurred_at,
                time_is_approximate=incident.time_is_approximate,
                approximation=mask(incident.approximation),
                summary=mask(incident.summary),
                place=mask(incident.place),
                victim_words=mask(incident.victim_words),
                words_used=mask(incident.words_used),
                injuries=mask(incident.injuries),
                body_regions=tuple(regions.labels(incident.region_codes())),
                witnesses=mask(incident.witnesses),
                children=mask(incident.children) if incident.children_present or incident.children else "",
                agencies=tuple(mask(line) for line in _agencies(incident)),
                effect=mask(incident.effect),
                exhibits=tuple(exhibits),
                amendments=amendments,
                recorded_at=incident.created_at,
                source=_source(incident),
                key=f"incident-{incident.pk}",
            )
        )
    return entries


def _exhibits(case: Case, use_shared_copies: bool) -> Iterator[BundleExhibit]:
    for attachment in Attachment.objects.filter(case=case).select_related("shared_copy").order_by("number"):
        # A text exhibit that names a confidential location goes in masked, or withheld with a note.
        replacement = confidential.bundle_copy(attachment, case)
        if replacement is not None:
            name, data = replacement
            yield BundleExhibit(name=name, open=lambda data=data: io.BytesIO(data))  # type: ignore[misc]
            continue
        copy = getattr(attachment, "shared_copy", None) if use_shared_copies else None
        source = copy or attachment
        suffix = "-location-removed" if copy is not None else ""
        yield BundleExhibit(
            name=f"{attachment.reference}{suffix}.{attachment.extension}",
            open=lambda source=source: storage.open_plain(source.stored_name, source.wrapped_key),  # type: ignore[misc]
        )


def bundle_export(*, actor: User, case: Case, use_shared_copies: bool = False) -> BuiltBundle:
    """Check the chain, then write the bundle to a temporary file and record its SHA-256.

    Raises ChainBrokenError (and records the refusal) when the chain does not verify, and
    ValidationError when a stored exhibit does not decrypt. The caller serves the bundle
    (BuiltBundle.chunks); nothing of it is left on disk if anything fails.
    """
    report = chain.check_chain(case)
    if not report.ok:
        with transaction.atomic():
            record(
                actor=actor,
                verb=Verb.BUNDLE_REFUSED,
                target=case,
                case_id=case.pk,
                detail={"broken_link": report.result.broken_index, "reason": str(report.result.reason)},
            )
        raise ChainBrokenError(report.message + " " + _("No bundle was exported. Tell your supervisor."))
    try:
        built = build_bundle_file(
            str(storage.exports_dir()),
            reference=case.reference,
            chain_head=report.head,
            created_at=timezone.now(),
            entries=chronology_entries(case),
            exhibits=_exhibits(case, use_shared_copies),
        )
    except FileDecryptError as error:
        raise ValidationError(
            _("A stored exhibit could not be read (%(error)s). No bundle was exported. Tell your supervisor.")
            % {"error": error}
        ) from None
    try:
        with transaction.atomic():
            record(
                actor=actor,
                verb=Verb.BUNDLE_EXPORTED,
                target=case,
                case_id=case.pk,
                detail={
                    "sha256": built.sha256,
                    "size": built.size,
                    "files": len(built.manifest.files),
                    "entries": report.length,
                    "chain_head": report.head,
                    "shared_copies": use_shared_copies,
                    # What checks.check_bundle compares a returned bundle with.
                    "created_at": manifest_created_at(built.manifest),
                    "manifest_sha256": manifest_sha256(built.manifest),
                    "signed_by": signing.keys().current_fingerprint,
                },
            )
    except BaseException:
        built.discard()
        raise
    return built
