"""Split the guidance texts into citable units: headings, paragraphs and bullet list items.

Content cites the guidance as ``{doc, section, item}`` (DESIGN.md section 8). This module is
the single authority on what ``section`` and ``item`` mean, so that a citation can be checked
against the text instead of trusted. Print a document's units, with the exact ``section``
strings to cite, with ``python -m safeplan.content.guidance_index 002``.

The rule, applied to each file in ``guidance/`` (byte-for-byte copies of shared/seeds):

1. Every non-blank line is one block: the pages were saved with one paragraph per line (003
   has no blank lines at all). Leading and trailing spaces are layout and are dropped, and
   any run of spaces inside a line (no-break spaces included) counts as one space.
2. A line that starts with "•" is a bullet. Consecutive bullet lines form a list. A bullet
   indented deeper than the first bullet of its run belongs to a sub-list of the bullet
   above it (002, "have the following available in case you have to leave quickly:").
3. Any other line is a *heading* when it has at most 12 words and does not end in ".",
   "!", "?" or ":"; otherwise it is a *paragraph*.
4. A heading is cited by its text.
5. A paragraph is cited by its opening words: its label when it starts with one
   ("Tell someone: Is there a friend ..." gives "Tell someone"; a label has at most six
   words and no sentence punctuation); else, when it ends in ":" and a list follows, the
   whole line (it is the list's title, and is marked ``lead_in``); otherwise its first sentence (up to and including
   the first ".", "!", "?" or ":" followed by a space or the end of the line), cut to its
   first 12 words when it is longer.
6. A list is cited by the section of the line directly above its first bullet when that
   line is a heading or a paragraph ending in ":" (its lead-in): so "If you are planning to
   leave:", "Practical safety methods may include:", or for 001's "In an emergency: ...
   You could also:" the label "In an emergency". A sub-list is cited by its parent bullet's
   text. A list after any other paragraph is cited by the nearest heading above.
7. Items are numbered from 1 within their own list; a bullet with a sub-list counts as
   one item of the outer list, and the sub-list's items are numbered on their own.

Citations are resolved by ``resolve``: whitespace in the cited section is compared as in
rule 1, and a list may also be cited by the nearest heading above it when no other list
sits under that heading ("Checklist: Safety planning and children", item 4), which is how
a reader names a checklist.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

GUIDANCE_DIR = Path(__file__).resolve().parent / "guidance"

BULLET = "•"
MAX_HEADING_WORDS = 12
MAX_LABEL_WORDS = 6
MAX_OPENING_WORDS = 12

Kind = Literal["heading", "paragraph", "bullet"]
Key = tuple[str, str, int | None]

# A sentence ends at one of these marks when a space or the end of the line follows.
_SENTENCE_END = re.compile(r"[.!?:](?=\s|$)")
_LABEL = re.compile(r"^(?P<label>[^.!?,:]+):\s+\S")


@dataclass(frozen=True)
class Unit:
    """One citable piece of a guidance document."""

    doc: str
    section: str
    item: int | None
    text: str
    kind: Kind
    # Context for people reading a report, and for the heading alias (see resolve); not part of the key.
    heading: str | None = None
    line: int = 0
    # A paragraph that only titles the list after it (rule 5): its items carry the content.
    lead_in: bool = False

    @property
    def key(self) -> Key:
        """Return (doc, section, item), the form a ``sources`` entry cites."""
        return (self.doc, self.section, self.item)

    def describe(self) -> str:
        """Return a one-line description for error messages and reports."""
        where = f'{self.doc} line {self.line}: section "{self.section}"'
        if self.item is not None:
            where += f" item {self.item}"
        excerpt = self.text if len(self.text) <= 90 else self.text[:87] + "..."
        return f"{where} ({self.kind}): {excerpt}"


def normalise(text: str) -> str:
    """Return text with every run of whitespace (no-break spaces included) as one space."""
    return " ".join(text.split())


def is_heading(text: str) -> bool:
    """Return True if a non-bullet line is a heading under rule 3."""
    return len(text.split()) <= MAX_HEADING_WORDS and not text.endswith((".", "!", "?", ":"))


def label(text: str) -> str | None:
    """Return the label a paragraph starts with ("Tell someone: ..."), or None."""
    found = _LABEL.match(text)
    if found and len(found["label"].split()) <= MAX_LABEL_WORDS:
        return found["label"].strip()
    return None


def opening_words(text: str) -> str:
    """Return how a paragraph that is not a list's lead-in is cited (rule 5)."""
    labelled = label(text)
    if labelled:
        return labelled
    end = _SENTENCE_END.search(text)
    sentence = text[: end.end()] if end else text
    return " ".join(sentence.split()[:MAX_OPENING_WORDS])


@dataclass
class _OpenList:
    indent: int
    section: str
    count: int = 0


def parse(doc: str, text: str) -> list[Unit]:
    """Return the units of a document's text, in reading order."""
    units: list[Unit] = []
    heading: str | None = None
    lists: list[_OpenList] = []  # the bullet lists open at this point, outermost first
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = normalise(raw)
        if not stripped:
            continue
        if not stripped.startswith(BULLET):
            lists = []
            if is_heading(stripped):
                units.append(Unit(doc, stripped, None, stripped, "heading", heading, number))
                heading = stripped
            else:
                units.append(Unit(doc, opening_words(stripped), None, stripped, "paragraph", heading, number))
            continue

        indent = len(raw) - len(raw.lstrip())
        body = stripped[len(BULLET) :].strip()
        while lists and indent < lists[-1].indent:
            lists.pop()
        if not lists:
            lists.append(_OpenList(indent, _start_list(units, heading)))
        elif indent > lists[-1].indent:
            lists.append(_OpenList(indent, units[-1].text))  # a sub-list of the bullet above
        current = lists[-1]
        current.count += 1
        units.append(Unit(doc, current.section, current.count, body, "bullet", heading, number))
    return units


def _start_list(units: list[Unit], heading: str | None) -> str:
    """Return the section of a list that starts after the last unit, marking its lead-in (rules 5, 6)."""
    introducer = units[-1] if units else None
    if introducer is None:
        return heading or ""
    if introducer.kind == "heading":
        return introducer.text
    if introducer.text.endswith(":"):
        if label(introducer.text) is None:
            # The lead-in is the list's title: the paragraph and its items share one section.
            units[-1] = dataclasses.replace(introducer, section=introducer.text, lead_in=True)
        return units[-1].section
    return heading or ""


def documents() -> tuple[str, ...]:
    """Return the file names of the guidance documents, in order."""
    return tuple(sorted(path.name for path in GUIDANCE_DIR.glob("*.txt")))


def units(doc: str) -> list[Unit]:
    """Return the units of one guidance document, named by its file name."""
    return list(_parsed(doc))


@functools.cache
def _parsed(doc: str) -> tuple[Unit, ...]:
    if doc not in documents():
        raise KeyError(f"no guidance document named {doc!r}")
    return tuple(parse(doc, (GUIDANCE_DIR / doc).read_text(encoding="utf-8")))


def all_units() -> list[Unit]:
    """Return the units of every guidance document."""
    return [unit for doc in documents() for unit in units(doc)]


def citable(found: Iterable[Unit]) -> dict[Key, list[Unit]]:
    """Return every key that cites some of the units: their own keys and the heading aliases of rule 6."""
    table: dict[Key, list[Unit]] = defaultdict(list)
    found = list(found)
    parents = {(unit.doc, unit.text) for unit in found if unit.kind == "bullet"}
    # The top-level lists under each heading; a sub-list keeps its own numbering, so gets no alias.
    lists_under: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for unit in found:
        table[unit.key].append(unit)
        if unit.kind == "bullet" and (unit.doc, unit.section) not in parents:
            lists_under[(unit.doc, unit.heading)].add(unit.section)
    for unit in found:
        if unit.kind != "bullet" or unit.heading is None or unit.heading == unit.section:
            continue
        if lists_under[(unit.doc, unit.heading)] == {unit.section}:
            alias = (unit.doc, unit.heading, unit.item)
            if all(other.kind == "bullet" for other in table.get(alias, [])):
                table[alias].append(unit)
    return dict(table)


@functools.cache
def _table() -> dict[Key, list[Unit]]:
    return citable(all_units())


def resolve(doc: str, section: str, item: int | None) -> list[Unit]:
    """Return the units a citation names (empty if it names none)."""
    return list(_table().get((doc, normalise(section), item), []))


def document_named(prefix: str) -> str:
    """Return the full file name for a prefix such as '002'."""
    matches = [name for name in documents() if name.startswith(prefix)]
    if len(matches) != 1:
        raise KeyError(f"{prefix!r} names {len(matches)} guidance documents")
    return matches[0]


def render(found: Iterable[Unit]) -> str:
    """Return units as lines of 'line kind | section | item | text' for authors."""
    return "\n".join(
        f"{unit.line:4} {unit.kind:9} | {unit.section} | {unit.item or ''} | {unit.text}" for unit in found
    )


if __name__ == "__main__":  # pragma: no cover - an aid for content authors
    names = [document_named(arg) for arg in sys.argv[1:]] or list(documents())
    for name in names:
        print(f"== {name}")
        print(render(units(name)))
