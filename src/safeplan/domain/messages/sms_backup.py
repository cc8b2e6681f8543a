"""Read an "SMS Backup & Restore" XML backup: its text messages (<sms>) and picture messages (<mms>).

The file is read in chunks and each message is dropped once read, so a large backup does not
fill memory; an MMS attachment is reported by size and SHA-256 of its decoded bytes, never
kept. A backup never declares a DOCTYPE or entities, so a file that does is refused before
those bytes reach the parser: that shuts out entity-expansion attacks ("billion laughs").
"""

from __future__ import annotations

import binascii
import codecs
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import IO, Final

from safeplan.domain.messages.model import (
    AttachmentRef,
    Direction,
    ImportedMessage,
    ImportFormatError,
    ImportResult,
    Party,
    SourceFormat,
)

_CHUNK: Final = 1024 * 1024
_FORBIDDEN: Final = (b"<!DOCTYPE", b"<!ENTITY")
# Bytes held back from the parser until the next chunk arrives, so a forbidden word split
# across two chunks is seen whole before any of it is parsed.
_HOLD: Final = max(len(word) for word in _FORBIDDEN) - 1
_ASCII_COMPATIBLE: Final = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_BASE64_SLICE: Final = 4 * 256 * 1024
_WHITESPACE = re.compile(r"\s")
# SMS Backup & Restore's "type" of an <sms>, and "msg_box" of an <mms>.
_SMS_TYPES: Final = {"1": "received", "2": "sent", "3": "draft", "4": "outbox", "5": "failed", "6": "queued"}
_MMS_BOXES: Final = {"1": "received", "2": "sent", "3": "draft", "4": "outbox"}
# Address roles in an MMS <addr type=...> (the MMS PDU header codes).
_MMS_FROM: Final = "137"
_MMS_TO: Final = frozenset({"151", "130", "129"})
_OWN_NUMBER_PLACEHOLDER: Final = "insert-address-token"


def _clean(value: str | None) -> str | None:
    """Return value, or None for the ways the backup writes "nothing"."""
    if value is None or value.strip() in ("", "null", "(Unknown)"):
        return None
    return value.strip()


def _check_prolog(head: bytes) -> None:
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        b"\x00" in head[:4]
    ):
        raise ImportFormatError("the file is not UTF-8 XML, as SMS Backup & Restore writes it")
    body = head.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
    if not body:
        raise ImportFormatError("the file is empty")
    if not body.startswith(b"<"):
        raise ImportFormatError("this is not an XML file, so not an SMS Backup & Restore backup")
    declared = _DECLARED_ENCODING.match(body)
    if declared and declared[1].decode("ascii").lower() not in _ASCII_COMPATIBLE:
        raise ImportFormatError(
            f"the file declares the encoding {declared[1].decode('ascii')}; SMS Backup & Restore writes UTF-8"
        )


def _refuse_declarations(data: bytes) -> None:
    if any(word in data for word in _FORBIDDEN):
        raise ImportFormatError(
            "the file declares a DOCTYPE or entities, which a real backup never does; it was refused for safety"
        )


def _epoch_ms(value: str | None, where: str, warnings: list[str]) -> datetime:
    if value is None or not value.strip().isascii() or not value.strip().isdigit():
        raise ImportFormatError(f"the date {value!r} is not a count of milliseconds", element=where)
    try:
        moment = _EPOCH + timedelta(milliseconds=int(value))
    except OverflowError:
        raise ImportFormatError(f"the date {value!r} is out of range", element=where) from None
    if moment.year < 2000:
        warnings.append(f"{where}: its date ({moment:%d/%m/%Y}) looks wrong; check it against the phone")
    return moment


def _hash_base64(data: str, where: str) -> tuple[int, str]:
    if _WHITESPACE.search(data):
        data = _WHITESPACE.sub("", data)
    if len(data) % 4:
        raise ImportFormatError("an attachment's data is not valid base64 (wrong length)", element=where)
    digest = hashlib.sha256()
    size = 0
    # Decoding a slice at a time keeps a large photo or video from being held twice.
    for start in range(0, len(data), _BASE64_SLICE):
        try:
            chunk = binascii.a2b_base64(data[start : start + _BASE64_SLICE], strict_mode=True)
        except (binascii.Error, ValueError):
            raise ImportFormatError("an attachment's data is not valid base64", element=where) from None
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


class _Reader:
    """Turn <sms> and <mms> elements into messages, counting and warning as it goes."""

    def __init__(self) -> None:
        self.messages: list[ImportedMessage] = []
        self.warnings: list[str] = []
        self.counts: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()

    def element(self, element: ET.Element) -> None:
        tag = element.tag
        self.counts[tag] += 1
        where = f"<{tag}> element {self.counts[tag]}"
        if tag == "sms":
            self.messages.append(self.sms(element, where, f"sms {self.counts[tag]}"))
        elif tag == "mms":
            self.messages.append(self.mms(element, where, f"mms {self.counts[tag]}"))
        else:
            self.skipped[tag] += 1

    def direction(self, code: str | None, kinds: dict[str, str], where: str) -> Direction | None:
        kind = kinds.get(code or "")
        if kind is None:
            raise ImportFormatError(f"the message type {code!r} is not one the backup uses", element=where)
        if kind in ("received", "sent"):
            return Direction(kind)
        self.warnings.append(f"{where}: this is a {kind} message, never delivered; it is imported without a direction")
        return None

    def sms(self, element: ET.Element, where: str, ref: str) -> ImportedMessage:
        sent_at = _epoch_ms(element.get("date"), where, self.warnings)
        direction = self.direction(element.get("type"), _SMS_TYPES, where)
        body = element.get("body")
        if body is None:
            raise ImportFormatError("the message has no body attribute", element=where)
        other = Party(name=_clean(element.get("contact_name")), address=_clean(element.get("address")))
        received = direction is Direction.RECEIVED
        return ImportedMessage(
            sent_at=sent_at,
            sender=other if received else None,
            text=body,
            direction=direction,
            recipients=() if received else (other,),
            subject=_clean(element.get("subject")),
            source_ref=ref,
        )

    def mms(self, element: ET.Element, where: str, ref: str) -> ImportedMessage:
        sent_at = _epoch_ms(element.get("date"), where, self.warnings)
        direction = self.direction(element.get("msg_box"), _MMS_BOXES, where)
        texts: list[str] = []
        attachments: list[AttachmentRef] = []
        for part in element.iterfind("parts/part"):
            content_type = (part.get("ct") or "").strip().lower()
            if content_type == "application/smil":
                continue  # the slide layout, not content
            if content_type == "text/plain" and part.get("data") is None:
                texts.append(part.get("text") or "")
                continue
            name = _clean(part.get("name")) or _clean(part.get("fn")) or _clean(part.get("cl"))
            data = part.get("data")
            if data is None:
                attachments.append(
                    AttachmentRef(
                        name=name,
                        content_type=content_type or None,
                        omitted=True,
                        description="the backup holds no data for this part",
                    )
                )
                continue
            size, digest = _hash_base64(data, where)
            attachments.append(AttachmentRef(name=name, content_type=content_type or None, size=size, sha256=digest))
        senders = [addr.get("address") for addr in element.iterfind("addrs/addr") if addr.get("type") == _MMS_FROM]
        receivers = [addr.get("address") for addr in element.iterfind("addrs/addr") if addr.get("type") in _MMS_TO]
        address = _clean(element.get("address"))
        # contact_name is a single name only when the message had one other party.
        name = _clean(element.get("contact_name")) if address and "~" not in address else None
        if direction is Direction.RECEIVED:
            from_address = next((_clean(value) for value in senders if _clean(value)), None) or address
            sender: Party | None = Party(name=name, address=from_address)
            recipients: tuple[Party, ...] = ()
        else:
            sender = None
            found = [
                Party(address=value) for value in map(_clean, receivers) if value and value != _OWN_NUMBER_PLACEHOLDER
            ]
            recipients = tuple(found) or ((Party(name=name, address=address),) if address else ())
        return ImportedMessage(
            sent_at=sent_at,
            sender=sender,
            text="\n".join(texts),
            attachments=tuple(attachments),
            direction=direction,
            recipients=recipients,
            subject=_clean(element.get("sub")),
            source_ref=ref,
        )


# SMS Backup & Restore nests four deep (<smses><mms><parts><part>); a file nesting far deeper
# is built to exhaust memory, one element kept per level.
MAX_DEPTH: Final = 8


def import_sms_backup(source: bytes | IO[bytes]) -> ImportResult:
    """Return the messages of an SMS Backup & Restore XML file, or raise ImportFormatError.

    Text messages and MMS text are imported with their time (UTC), the other party's number
    and contact name, and the direction (type 1 received, 2 sent). Drafts and unsent messages
    are imported without a direction, with a warning.
    """
    stream: IO[bytes] = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    first = stream.read(_CHUNK)
    if not isinstance(first, bytes):
        raise TypeError("the backup must be opened in binary mode")
    _check_prolog(first)
    parser = ET.XMLPullParser(events=("start", "end"))
    reader = _Reader()
    depth = 0
    root: ET.Element | None = None
    declared_count: str | None = None
    pending = b""
    chunk = first
    try:
        while True:
            pending += chunk
            _refuse_declarations(pending)
            final = not chunk
            cut = len(pending) if final else max(0, len(pending) - _HOLD)
            parser.feed(pending[:cut])
            pending = pending[cut:]
            if final:
                parser.close()
            for item in parser.read_events():
                event, element = item[0], item[-1]
                if not isinstance(element, ET.Element):
                    continue  # namespace events, which were not asked for
                if event == "start":
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise ImportFormatError(
                            f"elements are nested more than {MAX_DEPTH} deep: not an SMS Backup & Restore backup"
                        )
                    if depth == 1:
                        if element.tag != "smses":
                            raise ImportFormatError(
                                f"the document is <{element.tag}>, not <smses>: not an SMS Backup & Restore backup"
                            )
                        root, declared_count = element, element.get("count")
                    continue
                if depth == 2 and root is not None:
                    reader.element(element)
                    root.clear()  # drop what was read, so memory stays flat
                depth -= 1
            if final:
                break
            chunk = stream.read(_CHUNK)
    except ET.ParseError as error:
        line = error.position[0]
        reason = re.sub(r": line \d+, column \d+$", "", str(error))
        raise ImportFormatError(f"the XML is not well-formed ({reason})", line=line) from None
    warnings = reader.warnings
    for tag, count in sorted(reader.skipped.items()):
        warnings.append(f"{count} <{tag}> element(s) were skipped: only <sms> and <mms> hold messages")
    found = reader.counts["sms"] + reader.counts["mms"]
    if declared_count is not None and declared_count.isdigit() and int(declared_count) != found:
        warnings.append(f"the backup says it holds {int(declared_count)} messages, but {found} were found")
    return ImportResult(
        messages=tuple(reader.messages), source_format=SourceFormat.SMS_BACKUP_XML, warnings=tuple(warnings)
    )
