"""The tactical menu of MARAC actions, by part of the plan and risk grade (content/marac_menu.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from safeplan.content.loader import content_loader, load_model
from safeplan.content.schema import Frozen, Identifier, LocalText, Source

Grade = Literal["standard", "medium", "high"]
Part = Literal["victim", "children", "other_adults", "perpetrator"]


class MenuItem(Frozen):
    id: Identifier
    part: Part
    grades: tuple[Grade, ...]
    text: LocalText
    sources: tuple[Source, ...]

    @field_validator("grades", "sources")
    @classmethod
    def _not_empty(cls, value: tuple[object, ...]) -> tuple[object, ...]:
        if not value:
            raise ValueError("must not be empty")
        return value


class Menu(Frozen):
    id: Identifier
    version: int
    items: tuple[MenuItem, ...]

    @field_validator("items")
    @classmethod
    def _unique_ids(cls, value: tuple[MenuItem, ...]) -> tuple[MenuItem, ...]:
        ids = [item.id for item in value]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"duplicate menu item ids: {duplicated}")
        return value

    def by_id(self, item_id: str) -> MenuItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def for_grade(self, grade: str) -> list[MenuItem]:
        """Return the items offered for a risk grade, in the menu's order."""
        return [item for item in self.items if grade in item.grades]


@content_loader("marac_menu")
def marac_menu() -> Menu:
    """Return the tactical menu of MARAC actions."""
    return load_model(Menu, "marac_menu.yaml")
