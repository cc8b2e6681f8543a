"""The Welsh catalogue, read for the tests that check it is complete and used."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.LOCALE_PATHS[0]) / "cy" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def catalogue_entries(po: Path) -> dict[tuple[str, str | None], list[str]]:
    """Return each entry of a .po file: (msgid, msgid_plural) -> its msgstr or plural msgstrs.

    A small reader for the catalogue's own format (xgettext's output), enough to check it.
    """
    entries: dict[tuple[str, str | None], list[str]] = {}
    text = po.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        fields: dict[str, list[str]] = {}
        current = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d\])?|msgctxt) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields.setdefault(current, []).append(match.group(2))
            elif line.startswith('"') and current:
                fields[current].append(line[1:-1])

        def joined(name: str, fields: dict[str, list[str]] = fields) -> str:
            return "".join(fields.get(name, [])).encode("latin-1", "backslashreplace").decode("unicode_escape")

        if "msgid" not in fields or joined("msgid") == "":
            continue
        plural = joined("msgid_plural") if "msgid_plural" in fields else None
        strs = [joined(name) for name in sorted(fields) if name.startswith("msgstr")]
        entries[(joined("msgid"), plural)] = strs
    return entries
