"""Import saved messages (WhatsApp, SMS Backup & Restore, .eml) as one exhibit and dated entries.

The whole file is parsed and checked before anything is written; then the original is stored as
an exhibit and one entry per message is chained, all in one transaction. A malformed file
imports nothing, and a file already written is removed if the transaction fails.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.freetext import free_text_check
from safeplan.cases.models import Case, SafeContact
from safeplan.domain.hashchain import ENTRY, link_hash
from safeplan.domain.messages import (
    Direction,
    ImportedMessage,
    ImportFormatError,
    ImportResult,
    MessageKind,
    Party,
    import_eml,
    import_sms_backup,
    import_whatsapp_txt,
    import_whatsapp_zip,
)
from safeplan.evidence import chain, filetypes, storage
from safeplan.evidence.models import Attachment, Incident
from safeplan.evidence.services import lock_case, next_exhibit_number
from safeplan.evidence.uploads import check_upload

WHATSAPP: Final = "whatsapp"
SMS: Final = "sms"
EMAIL: Final = "eml"
FORMAT_LABELS: Final = {WHATSAPP: "WhatsApp chat export", SMS: "SMS backup", EMAIL: "email"}


@dataclass(frozen=True)
class ImportOutcome:
    attachment: Attachment
    entries: int
    warnings: tuple[str, ...]


def max_expanded_bytes() -> int:
    """Return how many bytes the files inside an imported ZIP may hold in all (twice the upload limit)."""
    return 2 * settings.EVIDENCE_MAX_UPLOAD_BYTES


def _refuse_zip_bomb(upload: IO[bytes]) -> None:
    """Refuse a ZIP whose members would expand past max_expanded_bytes, before any is decompressed.

    zipfile never returns more than a member's declared size, so the sum of declared sizes
    bounds what the importer reads and hashes.
    """
    try:
        with zipfile.ZipFile(upload) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError):
        return  # the importer names what is wrong with a damaged ZIP
    finally:
        upload.seek(0)
    if expanded > max_expanded_bytes():
        raise ImportFormatError(_("the files inside the ZIP are too large to import"))


def parse(upload: IO[bytes], *, source: str, own_name: str, dayfirst: bool) -> tuple[ImportResult, filetypes.FileType]:
    """Return the messages of the uploaded file, or raise ValidationError naming what is wrong."""
    head = upload.read(filetypes.SNIFF_BYTES)
    upload.seek(0)
    found = filetypes.sniff(head)
    try:
        if source == WHATSAPP and found == filetypes.ZIP:
            _refuse_zip_bomb(upload)
            result = import_whatsapp_zip(upload, dayfirst=dayfirst, own_name=own_name or None)
        elif source == WHATSAPP and found == filetypes.TEXT:
            result = import_whatsapp_txt(upload.read(), dayfirst=dayfirst, own_name=own_name or None)
        elif source == SMS and found == filetypes.TEXT:
            result = import_sms_backup(upload)
        elif source == EMAIL and found == filetypes.TEXT:
            result = import_eml(upload.read())
        else:
            raise ImportFormatError(_("this is not a %(kind)s file") % {"kind": FORMAT_LABELS.get(source, source)})
    except ImportFormatError as error:
        raise ValidationError({"file": _("The file could not be imported: %(error)s") % {"error": error}}) from None
    finally:
        upload.seek(0)
    messages = [message for message in result.messages if message.kind == MessageKind.MESSAGE]
    if not messages:
        raise ValidationError({"file": _("The file holds no messages to import")})
    if len(messages) > settings.EVIDENCE_MAX_IMPORT_MESSAGES:
        raise ValidationError(
            {
                "file": _("The file holds %(count)d messages: import at most %(limit)d at a time")
                % {"count": len(messages), "limit": settings.EVIDENCE_MAX_IMPORT_MESSAGES}
            }
        )
    total = sum(len(message.text) for message in messages)
    if total > settings.EVIDENCE_MAX_IMPORT_CHARS:
        raise ValidationError(
            {
                "file": _(
                    "The messages hold %(count)s characters of text in all: import at most %(limit)s at a time "
                    "(export a shorter period), or add the file as an exhibit"
                )
                % {"count": f"{total:,}", "limit": f"{settings.EVIDENCE_MAX_IMPORT_CHARS:,}"}
            }
        )
    assert found is not None
    return result, found


def bounded_text(text: str, exhibit: str) -> str:
    """Return a message's text for its entry: all of it, or its start and where the whole of it is."""
    limit = settings.EVIDENCE_MAX_MESSAGE_CHARS
    if len(text) <= limit:
        return text
    return (
        text[:limit]
        + "\n"
        + _(
            "[The message continues: it holds %(count)s characters in all, of which the first %(limit)s are shown "
            "here. The whole message is in exhibit %(exhibit)s, the file as imported.]"
        )
        % {"count": f"{len(text):,}", "limit": f"{limit:,}", "exhibit": exhibit}
    )


def _phone_digits(value: str) -> str:
    """Return a phone number as bare national digits, so "+44 7700 900123" matches "07700900123"."""
    digits = "".join(ch for ch in value if ch.isdigit())
    for prefix in ("0044", "44"):
        if digits.startswith(prefix) and len(digits) > 10:
            return "0" + digits[len(prefix) :]
    return digits


def safe_addresses(case: Case) -> frozenset[str]:
    """Return the victim's safe phone number and email address (normalised), which imports must not copy."""
    contact = SafeContact.objects.filter(case=case).first()
    if contact is None:
        return frozenset()
    found = set()
    if contact.email.strip():
        found.add(contact.email.strip().lower())
    if len(_phone_digits(contact.phone_number)) >= 6:
        found.add(_phone_digits(contact.phone_number))
    return frozenset(found)


def _label(party: Party, withheld: frozenset[str]) -> str:
    """Return the party's label, with the victim's safe phone number or email replaced by a notice."""
    address = party.address or ""
    if address and (address.strip().lower() in withheld or (_phone_digits(address) or "-") in withheld):
        return _("%(name)s <victim's safe contact, withheld>") % {"name": party.name or _("the victim")}
    return party.label


def _summary(message: ImportedMessage, label: str, withheld: frozenset[str] = frozenset()) -> str:
    who = _label(message.sender, withheld) if message.sender else ""
    if message.direction == Direction.SENT:
        line = _("%(kind)s sent by the victim") % {"kind": label}
        if message.recipients:
            line += " " + _("to %(who)s") % {"who": ", ".join(_label(party, withheld) for party in message.recipients)}
    elif who:
        line = _("%(kind)s from %(who)s") % {"kind": label, "who": who}
    else:
        line = label
    if message.subject:
        line += f" – {message.subject}"
    for item in message.attachments:
        state = _("not in the export") if item.omitted else f"SHA-256 {item.sha256}" if item.sha256 else ""
        line += "\n" + _("Attached: %(name)s") % {"name": item.name or item.description or item.content_type or "?"}
        if state:
            line += f" ({state})"
    return line


def messages_import(
    *,
    actor: User,
    case: Case,
    upload: IO[bytes],
    name: str,
    size: int,
    source: str,
    own_name: str = "",
    dayfirst: bool = True,
) -> ImportOutcome:
    """Import saved messages as one exhibit (the original file) and one dated entry per message."""
    check_upload(upload, name=name, size=size, allowed=(filetypes.TEXT, filetypes.ZIP))
    result, file_type = parse(upload, source=source, own_name=own_name, dayfirst=dayfirst)
    label = FORMAT_LABELS[source]
    withheld = safe_addresses(case)
    # Imported messages are evidence and stay exactly as sent; where they name a confidential
    # location they are shown redacted everywhere (safeplan.cases.freetext).
    names_location = bool(
        free_text_check(
            actor=actor,
            case=case,
            texts={"file": [message.text for message in result.messages], "name": name},
            keep={"file", "name"},
        )
    )
    with storage.files_written() as ledger, transaction.atomic():
        locked = lock_case(case)
        stored = storage.store(upload, ledger, limit=settings.EVIDENCE_MAX_UPLOAD_BYTES)
        # A resubmitted form (reloading the result page) must not add every message again.
        earlier = Attachment.objects.filter(case=locked, kind=Attachment.Kind.MESSAGES, sha256=stored.sha256).first()
        if earlier is not None:
            raise ValidationError(
                {"file": _("This file was already imported as exhibit %(ref)s") % {"ref": earlier.reference}}
            )
        now = timezone.now()
        attachment = Attachment.objects.create(
            case=locked,
            number=next_exhibit_number(locked),
            kind=Attachment.Kind.MESSAGES,
            description=_("Original %(kind)s file as imported") % {"kind": label},
            original_name=name[:255],
            content_type=file_type.mime,
            extension=file_type.extension if file_type == filetypes.ZIP else filetypes.extension_of(name)[:10] or "txt",
            size=stored.size,
            sha256=stored.sha256,
            stored_name=stored.stored_name,
            wrapped_key=stored.wrapped_key,
            created_at=now,
            created_by=actor,
        )
        sequence, previous = chain.next_position(locked)
        incidents: list[Incident] = []
        last_time: datetime | None = None
        for message in result.messages:
            if message.kind != MessageKind.MESSAGE:
                continue
            sent_at = message.sent_at or last_time or now
            last_time = sent_at
            sent = message.direction == Direction.SENT
            incident = Incident(
                case=locked,
                occurred_at=sent_at,
                time_is_approximate=message.sent_at is None,
                approximation="" if message.sent_at else _("time not in the saved file"),
                summary=_summary(message, label, withheld),
                victim_words=bounded_text(message.text, attachment.reference) if sent else "",
                words_used="" if sent else bounded_text(message.text, attachment.reference),
                source=Incident.Source.IMPORTED,
                source_format=str(result.source_format),
                source_ref=message.source_ref[:40],
                source_attachment=attachment,
                created_at=now,
                created_by=actor,
            )
            incident.sequence = sequence
            incident.previous_hash = previous
            incident.hash = link_hash(previous, ENTRY, chain.incident_payload(incident, [attachment]))
            previous = incident.hash
            sequence += 1
            incidents.append(incident)
        Incident.objects.bulk_create(incidents, batch_size=500)
        record(
            actor=actor,
            verb=Verb.MESSAGES_IMPORTED,
            target=attachment,
            case_id=case.pk,
            detail={
                "format": str(result.source_format),
                "entries": len(incidents),
                "exhibit": attachment.reference,
                "sha256": stored.sha256,
                "chain_head": previous,
            },
        )
    warnings = result.warnings
    shortened = sum(
        1
        for message in result.messages
        if message.kind == MessageKind.MESSAGE and len(message.text) > settings.EVIDENCE_MAX_MESSAGE_CHARS
    )
    if shortened:
        warnings = (
            *warnings,
            _(
                "%(count)d message(s) were too long for the chronology: their entries hold the start of each, and "
                "say that the whole message is in exhibit %(exhibit)s."
            )
            % {"count": shortened, "exhibit": attachment.reference},
        )
    if names_location:
        warnings = (
            *warnings,
            _(
                "Some messages name a confidential location of the case. They are kept as imported, and shown "
                "with the location masked on every page, export and PDF."
            ),
        )
    return ImportOutcome(attachment=attachment, entries=len(incidents), warnings=tuple(warnings))
