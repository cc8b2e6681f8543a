"""Read a WhatsApp chat export: the .txt on its own, or the ZIP with the chat and its media.

WhatsApp writes local wall-clock times with no timezone, so the caller says which timezone the
exporting phone was in (Europe/London by default); the times returned are in UTC. Dates are
day-first (UK) by default; pass dayfirst=False for a month-first (US) export.

Android lines look like "21/11/2026, 14:05 - Name: text" (or "2:05 pm"), iPhone lines like
"[21/11/2026, 14:05:33] Name: text". A line without a timestamp continues the message before.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from pathlib import PurePosixPath
from typing import IO, Final
from zoneinfo import ZoneInfo

from safeplan.domain.messages.model import (
    AttachmentRef,
    Direction,
    ImportedMessage,
    ImportFormatError,
    ImportResult,
    MessageKind,
    Party,
    SourceFormat,
)

LONDON: Final = ZoneInfo("Europe/London")
# The chat text of a real export is a few MB at most; this refuses a ZIP bomb posing as one.
MAX_CHAT_BYTES: Final = 256 * 1024 * 1024
# A chat export holds its text and one file per photo, voice note or document sent.
MAX_ZIP_MEMBERS: Final = 50_000
_CHUNK: Final = 1024 * 1024

_SPACE = r"[ \u00a0\u202f]"
_DATE = (
    r"(?:(?P<first>\d{1,2})(?P<sep>[/.-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"|(?P<iso_year>\d{4})-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2}))"
)
_TIME = (
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<seconds>\d{2}))?"
    rf"(?:{_SPACE}?(?P<ampm>[AaPp]\.?{_SPACE}?[Mm]\.?))?"
)
_ANDROID = re.compile(rf"{_DATE},?{_SPACE}{_TIME}{_SPACE}[-\u2013]{_SPACE}(?P<rest>.*)")
_IPHONE = re.compile(rf"\[{_DATE},?{_SPACE}{_TIME}\]{_SPACE}(?P<rest>.*)")
_SENDER = re.compile(r"(?P<sender>[^:]+?):(?: (?P<text>.*)|$)")
# Bidirectional marks WhatsApp puts around names, phone numbers and its own notices.
_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
# iPhone writes "<attached: NAME>", after a document's title and page count for a document.
_ATTACHED = re.compile(r"(?:.*\s)?<attached: (?P<name>[^>]+)>")
_FILE_ATTACHED = re.compile(r"(?P<name>.+?) \(file attached\)")
_OMITTED = re.compile(
    r"<Media omitted>|(?:.* )?(?:image|video|audio|sticker|GIF|document|Contact card) omitted", re.IGNORECASE
)

# iPhone exports put the encryption notice under the other person's (or the group's) name.
_ENCRYPTION_NOTICE = re.compile(r".*\bend-to-end encrypt(?:ed|ion)\b.*", re.IGNORECASE)

_EXAMPLES = "'21/11/2026, 14:05 - Name: message' or '[21/11/2026, 14:05:33] Name: message'"


@dataclass
class _Draft:
    line: int
    sent_at: datetime
    rest: str
    continuation: list[str]


def _strip_bidi(text: str) -> str:
    return text.translate(_BIDI).strip()


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith(b"PK\x03\x04"):
        raise ImportFormatError("this is a ZIP file, not a chat .txt: import it as a WhatsApp export ZIP")
    if b"\x00" in data:
        raise ImportFormatError("this is not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFormatError("the file is not UTF-8 text, as WhatsApp writes it", line=line) from None


def _timestamp(match: re.Match[str], line: int, dayfirst: bool) -> datetime:
    if match["iso_year"]:
        year, month, day = int(match["iso_year"]), int(match["iso_month"]), int(match["iso_day"])
        first = second = 0
    else:
        first, second = int(match["first"]), int(match["second"])
        day, month = (first, second) if dayfirst else (second, first)
        year = int(match["year"])
        if len(match["year"]) == 2:
            year += 2000  # WhatsApp began in 2009, so a two-digit year is never in the 1900s.
    hour, minute = int(match["hour"]), int(match["minute"])
    seconds = int(match["seconds"]) if match["seconds"] else 0
    ampm = match["ampm"]
    if ampm:
        if not 1 <= hour <= 12:
            raise ImportFormatError(f"{hour} is not an hour of a 12-hour clock", line=line)
        hour = hour % 12 + (12 if ampm[0] in "Pp" else 0)
    try:
        return datetime(year, month, day, hour, minute, seconds)
    except ValueError:
        order = "year-month-day" if match["iso_year"] else "day/month/year" if dayfirst else "month/day/year"
        hint = ""
        if dayfirst and second > 12 >= first:
            hint = "; it would be valid month-first: is this a US export (dayfirst=False)?"
        elif not dayfirst and first > 12 >= second:
            hint = "; it would be valid day-first: is this a UK export (dayfirst=True)?"
        stamp = match.string[: match.start("rest")].rstrip(" -\u2013\u00a0\u202f").strip("[] ")
        raise ImportFormatError(f"{stamp!r} is not a valid date and time read as {order}{hint}", line=line) from None


def _place(naive: datetime, tz: tzinfo, previous: datetime | None, line: int, warnings: list[str]) -> datetime:
    """Return naive (a wall-clock time in tz) as UTC, warning when the clocks changed around it."""
    early, late = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    shown = naive.strftime("%H:%M on %d/%m/%Y")
    placed = early.astimezone(UTC)
    if placed.astimezone(tz).replace(tzinfo=None) != naive:
        warnings.append(
            f"line {line}: {shown} did not exist (the clocks went forward); read as the time before the change"
        )
        return placed
    if early.utcoffset() != late.utcoffset():
        # The hour when the clocks go back happens twice: keep the messages in order if we can.
        chosen = early
        if previous is not None and early.astimezone(UTC) < previous <= late.astimezone(UTC):
            chosen = late
        which = "first" if chosen is early else "second"
        warnings.append(f"line {line}: {shown} happened twice (the clocks went back); taken as the {which} time")
        return chosen.astimezone(UTC)
    return placed


def _message(draft: _Draft, own_name: str | None) -> ImportedMessage:
    lines = [draft.rest, *draft.continuation]
    ref = f"line {draft.line}"
    head = _SENDER.fullmatch(draft.rest)
    if head is None:
        # No "Name:" part: WhatsApp's own notice (encryption, someone added, number changed ...).
        text = "\n".join(lines).translate(_BIDI)
        return ImportedMessage(sent_at=draft.sent_at, sender=None, text=text, kind=MessageKind.SYSTEM, source_ref=ref)
    name = _strip_bidi(head["sender"])
    raw_first = head["text"] or ""
    first = raw_first.lstrip("\u200e")
    attachments: tuple[AttachmentRef, ...] = ()
    marker = first.translate(_BIDI).strip()
    # A media marker stands alone on the first line; a caption, if any, follows on the next lines.
    if found := _ATTACHED.fullmatch(marker) or _FILE_ATTACHED.fullmatch(marker):
        attachments = (AttachmentRef(name=found["name"].strip(), description=marker),)
    elif _OMITTED.fullmatch(marker):
        attachments = (AttachmentRef(name=None, omitted=True, description=marker),)
    body = draft.continuation if attachments else [first, *draft.continuation]
    # iPhone marks the text WhatsApp writes itself (a missed call, a deletion, the encryption
    # notice) with a left-to-right mark; older exports only show it by its words.
    notice = not attachments and (raw_first.startswith("\u200e") or bool(_ENCRYPTION_NOTICE.fullmatch(marker)))
    direction = None
    if own_name is not None and not notice:
        direction = Direction.SENT if name == own_name.strip() else Direction.RECEIVED
    return ImportedMessage(
        sent_at=draft.sent_at,
        sender=Party(name=name),
        text="\n".join(body),
        attachments=attachments,
        direction=direction,
        kind=MessageKind.SYSTEM if notice else MessageKind.MESSAGE,
        source_ref=ref,
    )


def _parse(text: str, *, tz: tzinfo, dayfirst: bool, own_name: str | None, source_format: SourceFormat) -> ImportResult:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not any(line.strip() for line in lines):
        raise ImportFormatError("the file is empty")
    warnings: list[str] = []
    drafts: list[_Draft] = []
    style: re.Pattern[str] | None = None
    previous: datetime | None = None
    out_of_order = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.lstrip("\u200e")
        if style is None:
            if not line.strip():
                continue
            style = _ANDROID if _ANDROID.fullmatch(line) else _IPHONE if _IPHONE.fullmatch(line) else None
            if style is None:
                raise ImportFormatError(
                    f"expected a WhatsApp date and time at the start of the line, like {_EXAMPLES}; "
                    "this does not look like a WhatsApp chat export",
                    line=number,
                )
        match = style.fullmatch(line)
        if match is None:
            drafts[-1].continuation.append(raw)
            continue
        sent_at = _place(_timestamp(match, number, dayfirst), tz, previous, number, warnings)
        if previous is not None and sent_at < previous:
            out_of_order += 1
        previous = sent_at
        drafts.append(_Draft(line=number, sent_at=sent_at, rest=match["rest"], continuation=[]))
    if out_of_order:
        warnings.append(
            f"{out_of_order} message(s) are dated earlier than the message before them: "
            f"check that the dates are {'day-first (UK)' if dayfirst else 'month-first (US)'} as assumed"
        )
    messages = tuple(_message(draft, own_name) for draft in drafts)
    return ImportResult(messages=messages, source_format=source_format, warnings=tuple(warnings))


def import_whatsapp_txt(
    data: bytes | str, *, tz: tzinfo = LONDON, dayfirst: bool = True, own_name: str | None = None
) -> ImportResult:
    """Return the messages of a WhatsApp chat export .txt, or raise ImportFormatError naming the line.

    own_name, if given, is the exporting person's name as it appears in the chat: their
    messages are marked SENT and the others RECEIVED; without it direction is unknown.
    """
    return _parse(_decode(data), tz=tz, dayfirst=dayfirst, own_name=own_name, source_format=SourceFormat.WHATSAPP_TXT)


def _chat_member(infos: Iterable[zipfile.ZipInfo]) -> zipfile.ZipInfo:
    texts = [info for info in infos if info.filename.lower().endswith(".txt")]
    for wanted in (
        lambda name: name == "_chat.txt",
        lambda name: name.startswith("WhatsApp Chat"),
        lambda name: True,
    ):
        found = [info for info in texts if wanted(PurePosixPath(info.filename).name)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(sorted(info.filename for info in found))
            raise ImportFormatError(f"the ZIP holds several chats ({names}); import one export at a time")
    raise ImportFormatError("the ZIP holds no chat .txt file: is this a WhatsApp export?")


def import_whatsapp_zip(
    file: IO[bytes] | str | os.PathLike[str],
    *,
    tz: tzinfo = LONDON,
    dayfirst: bool = True,
    own_name: str | None = None,
) -> ImportResult:
    """Return the messages of a WhatsApp export ZIP, with the size and SHA-256 of each attached file present.

    media_files lists every media file name in the ZIP; an attachment a message refers to that
    is not in the ZIP is named in a warning.
    """
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError):
        raise ImportFormatError("this is not a ZIP file: is it the .txt on its own?") from None
    with archive:
        if len(archive.infolist()) > MAX_ZIP_MEMBERS:
            raise ImportFormatError(
                f"the ZIP holds {len(archive.infolist())} files, more than {MAX_ZIP_MEMBERS}: "
                "this is not one chat's export"
            )
        if any(not info.filename for info in archive.infolist()):
            # zipfile itself fails on a member without a name (is_dir() indexes the last character).
            raise ImportFormatError("the ZIP holds a file with no name: it is damaged")
        infos = [info for info in archive.infolist() if not info.is_dir()]
        chat = _chat_member(infos)
        if chat.file_size > MAX_CHAT_BYTES:
            raise ImportFormatError("the chat text is too large to be a WhatsApp export", element=chat.filename)
        media: dict[str, tuple[int, str]] = {}
        warnings: list[str] = []
        try:
            with archive.open(chat) as member:
                data = member.read(MAX_CHAT_BYTES + 1)
            for info in infos:
                if info is chat:
                    continue
                name = PurePosixPath(info.filename).name
                if name in media:
                    warnings.append(f"two files in the ZIP are called {name}; only the last is matched to messages")
                media[name] = _hash_member(archive, info)
        except (
            zipfile.BadZipFile,
            EOFError,
            OSError,
            NotImplementedError,
            RuntimeError,
            ValueError,
            zlib.error,
        ) as error:
            raise ImportFormatError(f"the ZIP is damaged and cannot be read ({error})") from None
    try:
        result = _parse(
            _decode(data), tz=tz, dayfirst=dayfirst, own_name=own_name, source_format=SourceFormat.WHATSAPP_ZIP
        )
    except ImportFormatError as error:
        raise ImportFormatError(f"{chat.filename}: {error}") from None
    messages = []
    for message in result.messages:
        attachments = []
        for attachment in message.attachments:
            if attachment.name is not None:
                if attachment.name in media:
                    size, digest = media[attachment.name]
                    attachment = replace(attachment, size=size, sha256=digest)
                else:
                    warnings.append(f"{message.source_ref}: {attachment.name} is referred to but is not in the ZIP")
            attachments.append(attachment)
        messages.append(replace(message, attachments=tuple(attachments)))
    return ImportResult(
        messages=tuple(messages),
        source_format=SourceFormat.WHATSAPP_ZIP,
        warnings=(*result.warnings, *warnings),
        media_files=tuple(sorted(media)),
    )


def _hash_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()
