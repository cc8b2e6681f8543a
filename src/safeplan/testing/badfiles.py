"""A corpus of bad files for every importer (synthetic): truncated, nested, huge headers, bombs, wrong types.

Each entry is (id, import source, file name, bytes). Every one must be refused with a clear
message, never a 500 or a half import (evidence/tests/test_import_fuzz.py).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from safeplan.testing.evidence import jpeg_with_gps, nested_eml

GOOD_EML = (
    b"From: Sam <sam@example.net>\r\nTo: Jo <jo@example.org>\r\nDate: Thu, 12 Mar 2026 21:04:00 +0000\r\n"
    b"Subject: answer me\r\n\r\nI know where you are.\r\n"
)
GOOD_SMS = (
    b'<?xml version="1.0" encoding="UTF-8"?><smses count="1">'
    b'<sms address="07700900999" date="1773349440000" type="1" body="answer me" contact_name="Sam" /></smses>'
)
GOOD_CHAT = b"12/03/2026, 21:04 - Sam: answer me\n12/03/2026, 21:05 - Sam: I know where you are\n"


def zipped(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def deep_xml(levels: int) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?><smses count="1">' + b"<a>" * levels + b"</a>" * levels + b"</smses>"


def many_members(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("WhatsApp Chat with Sam.txt", GOOD_CHAT)
        for number in range(count):
            archive.writestr(f"m{number}", b"")
    return buffer.getvalue()


def corpus() -> Iterator[tuple[str, str, str, bytes]]:
    """Yield the bad files: (id, source, name, data)."""
    # Truncated.
    yield "eml-cut-in-headers", "eml", "mail.eml", GOOD_EML[:4]
    yield "sms-cut-in-element", "sms", "sms.xml", GOOD_SMS[: len(GOOD_SMS) // 2]
    yield "sms-cut-after-prolog", "sms", "sms.xml", GOOD_SMS[:40]
    chat_zip = zipped({"WhatsApp Chat with Sam.txt": GOOD_CHAT * 50, "IMG-0001.jpg": jpeg_with_gps()})
    yield "zip-cut-in-half", "whatsapp", "chat.zip", chat_zip[: len(chat_zip) // 2]
    directory = chat_zip.rfind(b"PK\x01\x02")
    future = chat_zip[: directory + 6] + bytes([64, 0]) + chat_zip[directory + 8 :]  # "needs zip version 6.4"
    yield "zip-future-version", "whatsapp", "chat.zip", future
    yield "zip-no-central-directory", "whatsapp", "chat.zip", chat_zip[: chat_zip.rfind(b"PK\x01\x02")]
    yield "chat-cut-in-stamp", "whatsapp", "chat.txt", b"12/03/20"
    # Nested.
    yield "eml-nested-1000", "eml", "mail.eml", nested_eml(1000)
    yield "eml-nested-201", "eml", "mail.eml", nested_eml(201)
    yield "sms-nested-100", "sms", "sms.xml", deep_xml(100)
    yield "sms-nested-100000", "sms", "sms.xml", deep_xml(100_000)
    yield "zip-in-zip", "whatsapp", "chat.zip", zipped({"inner.zip": chat_zip})
    # Huge headers.
    yield "eml-huge-header", "eml", "mail.eml", b"From: Sam <sam@example.net>\r\nX-Pad: " + b"a" * 600_000 + GOOD_EML
    yield "eml-many-headers", "eml", "mail.eml", b"X-Pad: a\r\n" * 60_000 + GOOD_EML
    yield "eml-headers-only", "eml", "mail.eml", b"X-Pad: a\r\n" * 60_000
    # Entity expansion and declarations (the billion laughs).
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE smses [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<smses><sms address="1" date="1" type="1" body="&b;" /></smses>'
    )
    yield "sms-entities", "sms", "sms.xml", laughs
    yield "sms-external-entity", "sms", "sms.xml", laughs.replace(b'"lol"', b'SYSTEM "file:///etc/passwd"')
    # Zip-bomb-like.
    yield (
        "zip-bomb",
        "whatsapp",
        "chat.zip",
        zipped({"WhatsApp Chat with Sam.txt": GOOD_CHAT, "big": b"\x00" * 64 * 1024 * 1024}),
    )
    yield "zip-60000-members", "whatsapp", "chat.zip", many_members(60_000)
    yield "zip-two-chats", "whatsapp", "chat.zip", zipped({"a.txt": GOOD_CHAT, "b.txt": GOOD_CHAT})
    # Wrong type.
    yield "jpeg-as-chat", "whatsapp", "chat.txt", jpeg_with_gps()
    yield "pdf-as-eml", "eml", "mail.eml", b"%PDF-1.4\n" + GOOD_EML
    yield "zip-as-sms", "sms", "sms.xml", chat_zip
    yield "eml-as-sms", "sms", "sms.xml", GOOD_EML
    yield "sms-as-eml", "eml", "mail.eml", GOOD_SMS
    yield "chat-as-sms", "sms", "sms.xml", GOOD_CHAT
    yield "utf16-eml", "eml", "mail.eml", "\ufeff".encode("utf-16-le") + GOOD_EML.decode().encode("utf-16-le")
    yield "binary-chat", "whatsapp", "chat.txt", bytes(range(1, 256)) * 10
    yield "empty-lines-chat", "whatsapp", "chat.txt", b"\n" * 1000
    yield "nul-in-eml", "eml", "mail.eml", GOOD_EML + b"\x00" * 10
