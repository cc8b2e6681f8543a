"""Building blocks shared by every kind of content."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

LANGUAGES = ("en", "cy")
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]


class Frozen(BaseModel):
    """A content model: immutable, and strict about unknown keys so typos are caught."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class LocalText(RootModel[dict[str, str]]):
    """Text in each language: English is required, Welsh is added as data later."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _english_required(self) -> LocalText:
        unknown = set(self.root) - set(LANGUAGES)
        if unknown:
            raise ValueError(f"unknown language code(s) {sorted(unknown)}; use {list(LANGUAGES)}")
        if not self.root.get("en", "").strip():
            raise ValueError("English text ('en') is required")
        return self

    def get(self, language: str | None) -> str:
        """Return the text in the language (e.g. 'cy' or 'en-gb'), or in English."""
        code = (language or "en").split("-")[0].lower()
        return self.root.get(code) or self.root["en"]

    def __str__(self) -> str:
        return self.root["en"]


class Source(Frozen):
    """Where a piece of content comes from in the guidance (content/guidance, copied from shared/seeds).

    A citation must name a real heading, list or paragraph: one that does not is an
    error at start-up, so provenance cannot silently rot.
    """

    doc: Annotated[str, Field(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")]
    section: Annotated[str, Field(min_length=1)]
    item: Annotated[int, Field(ge=1)] | None = None

    @model_validator(mode="after")
    def _cites_a_real_passage(self) -> Source:
        from safeplan.content.guidance_index import resolve

        if not resolve(self.doc, self.section, self.item):
            where = f" item {self.item}" if self.item is not None else ""
            raise ValueError(f"{self.doc} has no passage {self.section!r}{where}")
        return self
