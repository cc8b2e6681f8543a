"""The common shape of messages imported from saved chats, SMS backups and emails."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ImportFormatError(ValueError):
    """A file is not in the format it was given as, or is damaged; nothing was imported.

    line (1-based) or element names where the problem is, when known, and is part of the message.
    """

    def __init__(self, message: str, *, line: int | None = None, element: str | None = None) -> None:
        self.line = line
        self.element = element
        where = f"line {line}: " if line is not None else f"{element}: " if element else ""
        super().__init__(f"{where}{message}")


class Direction(StrEnum):
    """Whether the person who saved the messages sent or received one."""

    SENT = "sent"
    RECEIVED = "received"


class MessageKind(StrEnum):
    """A message someone wrote, or a notice the app wrote itself (encryption, someone joined ...)."""

    MESSAGE = "message"
    SYSTEM = "system"


class SourceFormat(StrEnum):
    """The kind of file the messages came from."""

    WHATSAPP_TXT = "whatsapp_txt"
    WHATSAPP_ZIP = "whatsapp_zip"
    SMS_BACKUP_XML = "sms_backup_xml"
    EML = "eml"


@dataclass(frozen=True)
class Party:
    """Someone who sent or received a message: a display name, an address (phone number or email), or both."""

    name: str | None = None
    address: str | None = None

    @property
    def label(self) -> str:
        """Return the name and address as one line, e.g. 'Sam Example <+447700900123>'."""
        if self.name and self.address:
            return f"{self.name} <{self.address}>"
        return self.name or self.address or ""


@dataclass(frozen=True)
class AttachmentRef:
    """A file a message carried or referred to.

    size and sha256 describe the decoded content when it was in the import; omitted is True
    when the export says the media was left out, and description keeps its words as written
    (e.g. "<Media omitted>", "image omitted").
    """

    name: str | None
    content_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    omitted: bool = False
    description: str | None = None


@dataclass(frozen=True)
class ImportedMessage:
    """One message. sent_at is timezone-aware, or None if the source gives no time.

    sender is None for a message sent from the device or account the file was saved from when
    the file does not name its owner (direction is then SENT), and for a system notice the
    file puts under no name. A system notice (kind SYSTEM) is text the app wrote itself; its
    sender, if any, is only the name the export put on it (an iPhone export puts the
    encryption notice under the other person's name).
    source_ref says where in the file the message is ("line 12", "sms 3"), for the record.
    """

    sent_at: datetime | None
    sender: Party | None
    text: str
    attachments: tuple[AttachmentRef, ...] = ()
    direction: Direction | None = None
    kind: MessageKind = MessageKind.MESSAGE
    recipients: tuple[Party, ...] = ()
    subject: str | None = None
    source_ref: str = ""

    def __post_init__(self) -> None:
        if self.sent_at is not None and self.sent_at.utcoffset() is None:
            raise ValueError("sent_at must be timezone-aware")


@dataclass(frozen=True)
class ImportResult:
    """Everything imported from one file, in file order, with warnings a person should read.

    media_files lists the media file names that were present alongside the messages (a
    WhatsApp export ZIP), whether or not a message refers to them.
    """

    messages: tuple[ImportedMessage, ...]
    source_format: SourceFormat
    warnings: tuple[str, ...] = ()
    media_files: tuple[str, ...] = ()
