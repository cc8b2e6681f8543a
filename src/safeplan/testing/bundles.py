"""A synthetic evidence bundle's members and dates, for the pure manifest and signing tests (no Django)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

CREATED = datetime(2026, 11, 21, 15, 0, tzinfo=ZoneInfo("Europe/London"))
HEAD = "ab" * 32
MEMBERS = {
    "chronology.pdf": b"%PDF-1.7 synthetic chronology for a test",
    "exhibits/EX-001.txt": b"21/11/2026 14:05 message from +447700900123 (synthetic)",
    "exhibits/EX-002.bin": bytes(range(256)) * 5,
    "exhibits/EX-003.jpg": b"\xff\xd8\xff\xe0 synthetic photo bytes \x00\x01\x02",
}
