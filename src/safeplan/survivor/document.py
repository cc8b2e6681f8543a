"""The shape of a survivor space's sealed document: a plan space or a notes space, strictly validated.

A space's content is one JSON document sealed under its data key (services.py). It is read
into one of these pydantic models and validated again before every seal, so no page or
service can put a space in a state the pages cannot show. Unknown keys are refused.

The diary's rows are the one part kept as stored: they are checked by the diary's hash chain
(diary.py), not by this schema, so that a damaged row shows as a diary whose checks do not
match, never as a space that cannot be opened.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from safeplan.domain.tailoring import Situation

KIND_PLAN = "plan"
KIND_NOTES = "notes"


class Shape(BaseModel):
    """Mutable (a change function edits it in place), but no unknown keys."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Item(Shape):
    """One line of a list: a contact, a code word, or a note. ``id`` is random, never shown in a URL."""

    id: Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")]
    text: Annotated[str, Field(max_length=200)]
    kind: str = ""
    phone: Annotated[str, Field(max_length=30)] = ""
    meaning: Annotated[str, Field(max_length=200)] = ""


def new_item(text: str, **fields: str) -> Item:
    """Return a list item with a fresh random id."""
    return Item(id=secrets.token_hex(6), text=text, **fields)


class Lists(Shape):
    """The lists of a space, by name."""

    def names(self) -> tuple[str, ...]:
        """Return the names of the lists this kind of space keeps."""
        return tuple(type(self).model_fields)

    def named(self, name: str) -> list[Item]:
        """Return the list called name; raise KeyError if this kind of space has no such list."""
        if name not in type(self).model_fields:
            raise KeyError(name)
        items: list[Item] = getattr(self, name)
        return items

    def replace(self, name: str, items: list[Item]) -> None:
        """Replace the list called name."""
        self.named(name)
        setattr(self, name, items)


class PlanLists(Lists):
    contacts: list[Item] = []
    code_words: list[Item] = []


class NotesLists(Lists):
    shopping: list[Item] = []
    recipes: list[Item] = []
    todo: list[Item] = []


class PlanChoices(Shape):
    """Her answers to the plan questions and the suggestions she chose (knowledge base measure ids)."""

    situation: Situation | None = None
    answers: dict[str, bool | None] = {}
    chosen: list[str] = []
    # Steps she wrote herself, shown with what she chose.
    own: list[Item] = []


class Duress(Shape):
    """The lookup key of the notes space her second words open: so it can be replaced or removed from here."""

    lookup: str


class ShareRecord(Shape):
    """A share code the space made: the row's id and the code, so she can see its state and cancel it."""

    id: int
    code: str
    created: datetime


DRAFT_FIELDS = 40
DRAFT_TEXT = 5000


class Draft(Shape):
    """Writing she had not saved when the space locked or she left: kept sealed until she saves or clears it.

    ``fields`` are the form's fields as posted (a name to its values); the page that owns the
    form (``form``, one of the names ``views.drafts`` knows) shows them again.
    """

    fields: Annotated[
        dict[Annotated[str, Field(max_length=60)], list[Annotated[str, Field(max_length=DRAFT_TEXT)]]],
        Field(max_length=DRAFT_FIELDS),
    ]
    saved: datetime


class SpaceSettings(Shape):
    """Her choices about how the space behaves on her device."""

    # Lock when the page is hidden (another app or tab, the screen off) or closed.
    lock_when_hidden: bool = True


class TechAnswers(Shape):
    """Her answers to the tech safety check (against content ``version``) and the steps she has ticked off."""

    version: int
    answers: dict[Annotated[str, Field(max_length=80)], list[Annotated[str, Field(max_length=80)]]]
    done: list[Annotated[str, Field(max_length=80)]] = []
    saved: datetime


class PlanSpace(Shape):
    """A real space: her plan, emergency bag, lists, second words, share codes, diary and unsaved drafts."""

    kind: Literal["plan"] = "plan"
    plan: PlanChoices = PlanChoices()
    bag: list[str] = []
    # Things for the bag she added herself.
    bag_own: list[Item] = []
    lists: PlanLists = PlanLists()
    duress: Duress | None = None
    shares: list[ShareRecord] = []
    # Stored rows of the diary's hash chain, checked by diary.verify (see the module docstring).
    diary: list[Any] = []
    # Unsaved writing by form name (at most one draft per form: the newest).
    drafts: dict[Annotated[str, Field(max_length=60)], Draft] = {}
    settings: SpaceSettings = SpaceSettings()
    # The tech safety check (views/tech.py); its checklist is worked out again from the answers.
    tech: TechAnswers | None = None


class NotesSpace(Shape):
    """The space her second words open: everyday notes, with nothing that links it to the real one."""

    kind: Literal["notes"] = "notes"
    lists: NotesLists = NotesLists()


Document = PlanSpace | NotesSpace


class _Sealed(RootModel[Annotated[PlanSpace | NotesSpace, Field(discriminator="kind")]]):
    """The document as it is sealed: one of the two kinds, told apart by ``kind``."""


def new_document(kind: str) -> Document:
    """Return the content of a new space of the kind (a safety plan, or innocuous notes)."""
    if kind == KIND_NOTES:
        return NotesSpace(
            lists=NotesLists(
                shopping=[new_item("Milk"), new_item("Bread"), new_item("Washing-up liquid")],
                recipes=[new_item("Vegetable soup"), new_item("Banana bread")],
                todo=[new_item("Return library books")],
            )
        )
    return PlanSpace()


def parse(data: bytes) -> Document:
    """Return the document from its JSON; raise pydantic.ValidationError if it does not fit the schema."""
    return _Sealed.model_validate_json(data).root


def dump(document: Document) -> bytes:
    """Return the document as compact JSON, validated again first (a change may have broken it)."""
    return _Sealed.model_validate(document.model_dump(warnings=False)).model_dump_json().encode("utf-8")
