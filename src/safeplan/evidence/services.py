"""Writes to the incident diary: each in one transaction, chained, with its audit entry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.freetext import free_text_check
from safeplan.cases.models import Case
from safeplan.cases.permissions import can_reveal_location
from safeplan.evidence import chain, confidential, filetypes, metadata, storage
from safeplan.evidence.models import Amendment, Attachment, Incident, SharedCopy
from safeplan.evidence.uploads import check_upload
from safeplan.idempotent import create_once


def lock_case(case: Case) -> Case:
    """Lock the case row so that links are appended one at a time."""
    return Case.objects.select_for_update().get(pk=case.pk)


def next_exhibit_number(case: Case) -> int:
    last = Attachment.objects.filter(case=case).order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def incident_record(*, actor: User, case: Case, data: Mapping[str, Any], submission: UUID | None = None) -> Incident:
    """Record a new incident as the next link of the case's chain; the same submission records it once."""
    fields = {name: data.get(name, "") for name in chain.INCIDENT_FIELDS if name not in ("source", "source_format")}
    fields["children_present"] = bool(data.get("children_present"))
    fields["time_is_approximate"] = bool(data.get("time_is_approximate"))
    fields["body_regions"] = ",".join(data.get("body_regions") or [])
    if not fields["time_is_approximate"]:
        fields["approximation"] = ""
    # An incident is append-only and chained: an address typed into it could never be taken out.
    free_text_check(
        actor=actor, case=case, texts={name: value for name, value in fields.items() if isinstance(value, str)}
    )

    def create() -> Incident:
        with transaction.atomic():
            locked = lock_case(case)
            incident = Incident(
                case=locked,
                occurred_at=data["occurred_at"],
                source=Incident.Source.ENTERED,
                created_at=timezone.now(),
                created_by=actor,
                submission=submission,
                **fields,
            )
            chain.seal_incident(incident, [])
            incident.save()
            record(
                actor=actor,
                verb=Verb.INCIDENT_RECORDED,
                target=incident,
                case_id=case.pk,
                detail={"sequence": incident.sequence, "chain_head": incident.hash},
            )
        return incident

    return create_once(Incident, submission, {"case": case, "created_by": actor}, create)


def incident_viewed(*, actor: User, case: Case, incident: Incident) -> None:
    """Record that the user read an incident's account."""
    with transaction.atomic():
        record(actor=actor, verb=Verb.INCIDENT_VIEWED, target=incident, case_id=case.pk)


def incident_amend(
    *, actor: User, case: Case, incident: Incident, kind: str, field_name: str, text: str, reason: str
) -> Amendment:
    """Add a correction or addition to an incident, keeping the original as it is."""
    if kind not in (Amendment.Kind.CORRECTION, Amendment.Kind.ADDITION):
        raise ValidationError({"kind": _("Select whether this is a correction or an addition")})
    free_text_check(actor=actor, case=case, texts={"text": text, "reason": reason})
    with transaction.atomic():
        locked = lock_case(case)
        amendment = Amendment(
            case=locked,
            incident=incident,
            kind=kind,
            field_name=field_name,
            text=text,
            reason=reason,
            created_at=timezone.now(),
            created_by=actor,
        )
        chain.seal_amendment(amendment, None)
        amendment.save()
        record(
            actor=actor,
            verb=Verb.INCIDENT_AMENDED,
            target=amendment,
            case_id=case.pk,
            detail={"incident": incident.pk, "kind": kind, "field": field_name, "chain_head": amendment.hash},
        )
    return amendment


def _shared_copy(
    *, actor: User, attachment: Attachment, file_type: filetypes.FileType, ledger: storage.FileLedger
) -> SharedCopy:
    reader = storage.open_plain(attachment.stored_name, attachment.wrapped_key)
    try:
        with storage.encrypted_target(ledger) as (writer, result):
            removed = metadata.strip_location(file_type, reader, writer)  # type: ignore[arg-type]
    finally:
        reader.close()
    stored = result[0]
    return SharedCopy.objects.create(
        attachment=attachment,
        removed=metadata.describe(removed, SharedCopy._meta.get_field("removed").max_length or 200),
        size=stored.size,
        sha256=stored.sha256,
        stored_name=stored.stored_name,
        wrapped_key=stored.wrapped_key,
        created_at=timezone.now(),
        created_by=actor,
    )


def attachment_add(
    *,
    actor: User,
    case: Case,
    incident: Incident,
    upload: IO[bytes],
    name: str,
    size: int,
    kind: str = "",
    description: str = "",
    shared_copy: bool = False,
    submission: UUID | None = None,
) -> Attachment:
    """Add an exhibit to an incident: encrypted, hashed, chained as an amendment; optionally a shared copy.

    The same submission adds it once: a repeat returns the first exhibit and stores no file.
    """
    file_type = check_upload(upload, name=name, size=size)
    if shared_copy and not file_type.can_strip_location:
        raise ValidationError(
            {"shared_copy": _("Location data can be removed only from JPEG and PNG images: untick the box")}
        )
    # The file itself is evidence and stays as it is; its description is our words.
    free_text_check(actor=actor, case=case, texts={"description": description, "name": name})

    def create() -> Attachment:
        with storage.files_written() as ledger, transaction.atomic():
            locked = lock_case(case)
            try:
                stored = storage.store(upload, ledger, limit=settings.EVIDENCE_MAX_UPLOAD_BYTES)
            except storage.TooLargeError:
                raise ValidationError({"file": _("The selected file is larger than the limit")}) from None
            attachment = Attachment(
                case=locked,
                incident=incident,
                number=next_exhibit_number(locked),
                kind=kind or file_type.kind,
                description=description,
                original_name=name[:255],
                content_type=file_type.mime,
                extension=file_type.extension,
                size=stored.size,
                sha256=stored.sha256,
                stored_name=stored.stored_name,
                wrapped_key=stored.wrapped_key,
                created_at=timezone.now(),
                created_by=actor,
                submission=submission,
            )
            amendment = Amendment(
                case=locked,
                incident=incident,
                kind=Amendment.Kind.EXHIBIT,
                text=description,
                created_at=attachment.created_at,
                created_by=actor,
            )
            chain.seal_amendment(amendment, attachment)
            amendment.save()
            attachment.amendment = amendment
            attachment.save()
            copy = None
            if shared_copy:
                try:
                    copy = _shared_copy(actor=actor, attachment=attachment, file_type=file_type, ledger=ledger)
                except metadata.MetadataError as error:
                    raise ValidationError({"shared_copy": str(error)}) from None
            record(
                actor=actor,
                verb=Verb.ATTACHMENT_ADDED,
                target=attachment,
                case_id=case.pk,
                detail={
                    "incident": incident.pk,
                    "exhibit": attachment.reference,
                    "type": file_type.mime,
                    "size": stored.size,
                    "sha256": stored.sha256,
                    "chain_head": amendment.hash,
                },
            )
            if copy is not None:
                record(
                    actor=actor,
                    verb=Verb.ATTACHMENT_SHARED_COPY,
                    target=attachment,
                    case_id=case.pk,
                    detail={"exhibit": attachment.reference, "sha256": copy.sha256, "removed": copy.removed},
                )
        return attachment

    return create_once(Attachment, submission, {"case": case, "incident": incident, "created_by": actor}, create)


def shared_copy_make(*, actor: User, case: Case, attachment: Attachment) -> SharedCopy:
    """Make a copy of an image exhibit without location metadata, keeping the original."""
    file_type = next((item for item in filetypes.ATTACHMENT_TYPES if item.mime == attachment.content_type), None)
    if file_type is None or not file_type.can_strip_location:
        raise ValidationError(_("Location data can be removed only from JPEG and PNG images"))
    if SharedCopy.objects.filter(attachment=attachment).exists():
        raise ValidationError(_("This exhibit already has a copy without location data"))
    with storage.files_written() as ledger, transaction.atomic():
        try:
            copy = _shared_copy(actor=actor, attachment=attachment, file_type=file_type, ledger=ledger)
        except metadata.MetadataError as error:
            raise ValidationError(str(error)) from None
        record(
            actor=actor,
            verb=Verb.ATTACHMENT_SHARED_COPY,
            target=attachment,
            case_id=case.pk,
            detail={"exhibit": attachment.reference, "sha256": copy.sha256, "removed": copy.removed},
        )
    return copy


def attachment_open(*, actor: User, case: Case, attachment: Attachment, shared: bool) -> storage.DecryptingReader:
    """Record the download and return a reader of the exhibit (or its shared copy) for streaming.

    A text exhibit that names one of the case's confidential locations (an imported chat that
    names the refuge) is opened only for someone with a need to know where the victim is:
    anyone else gets PermissionDenied, as if it were someone else's record.
    """
    names_location = confidential.names_location(attachment, case)
    if names_location and not can_reveal_location(actor, case):
        raise PermissionDenied
    source: Attachment | SharedCopy = attachment
    if shared:
        copy = SharedCopy.objects.filter(attachment=attachment).first()
        if copy is None:
            raise ValidationError(_("This exhibit has no copy without location data"))
        source = copy
    with transaction.atomic():
        record(
            actor=actor,
            verb=Verb.ATTACHMENT_DOWNLOADED,
            target=attachment,
            case_id=case.pk,
            detail={
                "exhibit": attachment.reference,
                "copy": "shared" if shared else "original",
                # The download shows a confidential location unmasked: this entry is that view's record.
                "names_confidential_location": names_location,
            },
        )
    return storage.open_plain(source.stored_name, source.wrapped_key)
