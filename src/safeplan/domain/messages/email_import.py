"""Read one saved email (.eml): who sent it to whom and when, its subject, text and attachments."""

from __future__ import annotations

import contextlib
import hashlib
import re
from datetime import UTC
from email import errors, policy
from email.headerregistry import Address
from email.message import EmailMessage, Message, MIMEPart
from email.parser import BytesParser
from html.parser import HTMLParser
from typing import Any, Final

from safeplan.domain.messages.model import (
    AttachmentRef,
    Direction,
    ImportedMessage,
    ImportFormatError,
    ImportResult,
    Party,
    SourceFormat,
)

# The standard library's header parser can fail on malformed headers with these, not with a
# defect; such a header is kept as written instead.
_PARSER_ERRORS: Final = (IndexError, AttributeError, TypeError, ValueError, errors.HeaderParseError)

# Tags whose text is not part of what a reader sees, and tags that start a new line.
_HIDDEN: Final = frozenset({"script", "style", "head", "title", "template"})
_BLOCK: Final = frozenset(
    {"br", "p", "div", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "ul", "ol"}
)


class _TextFromHtml(HTMLParser):
    """Collect the visible text of an HTML body, one line per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Return the visible text of an HTML document, tags removed, one line per paragraph or break."""
    parser = _TextFromHtml()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _raw_header(message: EmailMessage, name: str) -> str | None:
    """Return the header as written in the file, unfolded, without parsing it."""
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return " ".join(str(value).split())
    return None


def _header(message: EmailMessage, name: str, warnings: list[str]) -> Any:
    """Return the parsed header, or its raw text with a warning if the parser fails on it."""
    try:
        return message[name]
    except _PARSER_ERRORS:
        warnings.append(f"the {name} header is malformed; it is kept as written")
        return _raw_header(message, name)


def _parties(message: EmailMessage, name: str, warnings: list[str]) -> tuple[Party, ...]:
    header = _header(message, name, warnings)
    if header is None:
        return ()
    addresses: tuple[Address, ...] = ()
    with contextlib.suppress(*_PARSER_ERRORS):
        addresses = tuple(getattr(header, "addresses", ()))
    if not addresses:
        if type(header) is not str:  # a parsed header; a plain str was already reported as malformed
            warnings.append(f"the {name} header could not be read as addresses; it is kept as written")
        return (Party(name=" ".join(str(header).split()) or None),)
    return tuple(Party(name=address.display_name or None, address=address.addr_spec or None) for address in addresses)


def _text(part: MIMEPart, warnings: list[str]) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        # An unknown or wrong charset: keep what can be read rather than lose the message.
        warnings.append("the text uses a character set that could not be read; unreadable characters were replaced")
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return str(content)


def _leaves(part: Message, in_alternative: bool = False) -> list[tuple[Message, bool]]:
    """Return the leaf parts under part, each with whether it is one version of an alternative body."""
    if part.get_content_type() == "message/rfc822" or not part.is_multipart():
        return [(part, in_alternative)]
    inside = in_alternative or part.get_content_type() == "multipart/alternative"
    leaves: list[tuple[Message, bool]] = []
    children = part.get_payload()
    for child in children if isinstance(children, list) else ():
        if isinstance(child, Message):
            leaves += _leaves(child, inside)
    return leaves


def _attachment(part: Message, warnings: list[str]) -> AttachmentRef:
    content_type = part.get_content_type()
    if content_type == "message/rfc822":
        inner = part.get_payload()
        data = inner[0].as_bytes() if isinstance(inner, list) and inner and isinstance(inner[0], Message) else b""
    else:
        decoded = part.get_payload(decode=True)
        data = decoded if isinstance(decoded, bytes) else b""
    name = part.get_filename()
    if part.defects:
        warnings.append(
            f"the attachment {name or content_type} is damaged in the file; its digest is of what could be read"
        )
    return AttachmentRef(name=name, content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest())


# Most multipart or message/* parts one saved email may hold. Real emails have a handful (a
# forwarded thread with attachments, a few dozen); a file built to nest them a thousand deep
# would exhaust the parser's recursion.
MAX_CONTAINERS: Final = 200
_CONTAINER = re.compile(rb"^content-type:[ \t]*(?:multipart|message)/", re.IGNORECASE | re.MULTILINE)
# The largest header block read: real emails carry a few KB (a long chain of Received and
# signature headers, tens of KB); the header parser's work grows faster than the text.
MAX_HEADER_BYTES: Final = 512 * 1024
_HEADER_END = re.compile(rb"\r?\n\r?\n")


def _header_bytes(data: bytes) -> int:
    end = _HEADER_END.search(data, 0, MAX_HEADER_BYTES + 4)
    return end.start() if end else len(data)


def import_eml(data: bytes, *, own_address: str | None = None) -> ImportResult:
    """Return the one message of a saved email (.eml), or raise ImportFormatError.

    The body is the plain-text part, or the text of the HTML part when there is no plain
    one. Every other part is an attachment with its name, type, size and SHA-256. With
    own_address (the address of the person importing), direction is SENT when the email is
    from that address and RECEIVED otherwise.
    """
    if not data.strip():
        raise ImportFormatError("the file is empty")
    if b"\x00" in data:
        raise ImportFormatError("this is not a text file, so not a saved email (.eml)")
    if _header_bytes(data) > MAX_HEADER_BYTES:
        raise ImportFormatError(
            f"the email's headers are longer than {MAX_HEADER_BYTES // 1024} KB, far more than any email has, "
            "so it is not imported; add it as an exhibit instead"
        )
    containers = len(_CONTAINER.findall(data))
    if containers > MAX_CONTAINERS:
        # Counted before parsing: the parser and the walk over parts recurse once per level.
        raise ImportFormatError(
            f"the email holds {containers} nested parts or messages, more than {MAX_CONTAINERS}, "
            "so it is not imported; save the message itself again, or add it as an exhibit"
        )
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except RecursionError:
        raise ImportFormatError("the email's parts are nested too deeply to read") from None
    assert isinstance(message, EmailMessage)
    if _raw_header(message, "From") is None:
        raise ImportFormatError("the file has no From header: this is not a saved email (.eml)")
    try:
        return _import(message, own_address)
    except RecursionError:
        raise ImportFormatError("the email's parts are nested too deeply to read") from None
    except (*_PARSER_ERRORS, LookupError) as error:
        raise ImportFormatError(f"the email's structure is damaged and cannot be read ({error!r})") from None


def _import(message: EmailMessage, own_address: str | None) -> ImportResult:
    warnings: list[str] = []
    senders = _parties(message, "From", warnings)
    recipients = _parties(message, "To", warnings) + _parties(message, "Cc", warnings)
    date_header = _header(message, "Date", warnings)
    sent_at = getattr(date_header, "datetime", None) if date_header is not None else None
    if date_header is None:
        warnings.append("the email has no Date header, so its time is unknown")
    elif sent_at is None:
        warnings.append(f"the Date header {str(date_header)!r} could not be read, so the time is unknown")
    elif sent_at.tzinfo is None:
        # "-0000" means the time is UTC but the sender's own timezone is not given.
        sent_at = sent_at.replace(tzinfo=UTC)
        warnings.append("the Date header gives no timezone of the sender; its time is read as UTC")
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        text = ""
        warnings.append("the email has no text or HTML body")
    elif body.get_content_type() == "text/html":
        text = html_to_text(_text(body, warnings))
    else:
        text = _text(body, warnings)
    attachments = tuple(
        _attachment(part, warnings)
        for part, alternative in _leaves(message)
        if part is not body and not (alternative and part.get_content_maintype() == "text" and not part.get_filename())
    )
    direction = None
    if own_address is not None:
        own = own_address.strip().lower()
        direction = Direction.SENT if any((p.address or "").lower() == own for p in senders) else Direction.RECEIVED
    subject = _header(message, "Subject", warnings)
    imported = ImportedMessage(
        sent_at=sent_at,
        sender=senders[0] if senders else None,
        text=text,
        attachments=attachments,
        direction=direction,
        recipients=recipients,
        subject=str(subject) if subject is not None else None,
        source_ref="message",
    )
    if len(senders) > 1:
        warnings.append("the email names several senders; the first is kept as the sender")
    return ImportResult(messages=(imported,), source_format=SourceFormat.EML, warnings=tuple(warnings))
