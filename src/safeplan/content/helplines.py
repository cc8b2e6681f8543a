"""Helplines and emergency numbers: phone numbers are data, never template text."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, field_validator

from safeplan.content.loader import content_loader, load_model
from safeplan.content.schema import Frozen, Identifier, LocalText, Source

NATIONS = ("england-and-wales", "england", "wales", "scotland", "northern-ireland", "uk")


class Helpline(Frozen):
    id: Identifier
    name: LocalText
    number: Annotated[str, Field(pattern=r"^[0-9 ]{3,20}$")]
    description: LocalText
    hours: LocalText
    nations: tuple[str, ...]
    emergency: bool = False
    sources: tuple[Source, ...] = ()
    # A local service's areas (towns, districts, boroughs), as the deployment names them; none: all its areas.
    areas: tuple[Annotated[str, Field(min_length=1, max_length=80)], ...] = ()

    @field_validator("nations")
    @classmethod
    def _known_nations(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [nation for nation in value if nation not in NATIONS]
        if unknown or not value:
            raise ValueError(f"nations must be a non-empty list from {list(NATIONS)}")
        return value

    @property
    def tel(self) -> str:
        """Return the number for a tel: link."""
        return re.sub(r"\s+", "", self.number)


class Helplines(Frozen):
    helplines: tuple[Helpline, ...]

    @field_validator("helplines")
    @classmethod
    def _unique_ids(cls, value: tuple[Helpline, ...]) -> tuple[Helpline, ...]:
        ids = [helpline.id for helpline in value]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"duplicate helpline ids: {duplicated}")
        return value

    def by_id(self, helpline_id: str) -> Helpline:
        for helpline in self.helplines:
            if helpline.id == helpline_id:
                return helpline
        raise KeyError(helpline_id)


@content_loader("helplines")
def helplines() -> Helplines:
    """Return the national helplines."""
    return load_model(Helplines, "helplines.yaml")
