"""Exhibits that name a confidential location: kept as they are, opened only with a need to know.

An exhibit is evidence and is never changed: an imported chat that names the refuge keeps
the refuge's address. Its words are shown masked on every page and in the chronology
(safeplan.cases.freetext); the file itself is read here, text exhibits only (saved
messages, text files and the text inside a ZIP export), so that:

- only someone with a need to know where the victim is may download the original, and the
  download is audited as ever;
- a bundle carries a copy of a text exhibit with the locations masked, or, for a ZIP, a note
  that the exhibit is withheld, instead of the original.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from safeplan.cases.freetext import Redactor, redactor_for
from safeplan.cases.models import Case
from safeplan.domain.redaction import find_confidential
from safeplan.evidence import filetypes, storage
from safeplan.evidence.models import Attachment

# Text exhibits are small (an upload is limited); never read more than this to decide.
MAX_READ_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ExhibitText:
    """The text of a text exhibit: the file's own text, or the text files inside a ZIP."""

    is_zip: bool
    texts: tuple[str, ...]


def exhibit_text(attachment: Attachment) -> ExhibitText | None:
    """Return the text of a text exhibit, or None for any other kind (a photo, a PDF, a recording)."""
    if attachment.content_type not in (filetypes.TEXT.mime, filetypes.ZIP.mime):
        return None
    reader = storage.open_plain(attachment.stored_name, attachment.wrapped_key)
    try:
        data = reader.read(MAX_READ_BYTES)
    finally:
        reader.close()
    if attachment.content_type == filetypes.TEXT.mime:
        return ExhibitText(is_zip=False, texts=(data.decode("utf-8", errors="replace"),))
    texts = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.filename.lower().endswith((".txt", ".xml", ".eml", ".csv", ".vcf")):
                    texts.append(archive.read(info).decode("utf-8", errors="replace"))
    except (zipfile.BadZipFile, OSError, ValueError):
        return ExhibitText(is_zip=True, texts=())
    return ExhibitText(is_zip=True, texts=tuple(texts))


def names_location(attachment: Attachment, case: Case) -> bool:
    """Return True if a text exhibit names one of the case's confidential locations."""
    locations = redactor_for(case).locations
    if not locations:
        return False
    found = exhibit_text(attachment)
    return found is not None and any(find_confidential(text, locations) for text in found.texts)


def bundle_copy(attachment: Attachment, case: Case) -> tuple[str, bytes] | None:
    """Return (name, bytes) to put in a bundle instead of an exhibit that names a location, or None to use it as is."""
    if not names_location(attachment, case):
        return None
    found = exhibit_text(attachment)
    assert found is not None
    if not found.is_zip:
        masked = Redactor(redactor_for(case).locations).mask(found.texts[0])
        note = _(
            "A copy of exhibit %(ref)s with the confidential locations of the victim masked. The original is held "
            "by the agency and disclosed only under the usual process."
        ) % {"ref": attachment.reference}
        return f"{attachment.reference}-locations-masked.txt", f"{note}\n\n{masked}".encode()
    note = _(
        "Exhibit %(ref)s names a confidential location of the victim and is not included. Its messages are in the "
        "chronology with the locations masked. The original is held by the agency and disclosed only under the "
        "usual process."
    ) % {"ref": attachment.reference}
    return f"{attachment.reference}-withheld.txt", note.encode()
