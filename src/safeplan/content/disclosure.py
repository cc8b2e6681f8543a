"""Clare's Law rule sets per nation (content/disclosure.yaml): route names, clocks, guidance version."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from safeplan.content.loader import content_loader, load_model
from safeplan.content.schema import Frozen, Identifier, LocalText, Source

Nation = Literal["england-and-wales", "scotland", "northern-ireland"]


class Route(Frozen):
    id: Identifier
    # "ask": the person at risk or someone for them applies; "tell": the police or a partner start it.
    kind: Literal["ask", "tell"]
    label: LocalText


class RuleSet(Frozen):
    nation: Nation
    scheme: LocalText
    guidance: Annotated[str, Field(min_length=1)]
    routes: Annotated[list[Route], Field(min_length=1)]
    initial_contact_hours: Annotated[int, Field(ge=1, le=240)]
    face_to_face_working_days: Annotated[int, Field(ge=1, le=60)]
    decision_days: Annotated[int, Field(ge=1, le=120)]
    third_party_told_outcome: bool
    sources: list[Source]

    def route(self, route_id: str) -> Route:
        for route in self.routes:
            if route.id == route_id:
                return route
        raise KeyError(route_id)


class DisclosureRules(Frozen):
    version: Annotated[int, Field(ge=1)]
    nations: list[RuleSet]

    @model_validator(mode="after")
    def _every_nation_once(self) -> DisclosureRules:
        names = [rules.nation for rules in self.nations]
        if sorted(names) != sorted({"england-and-wales", "scotland", "northern-ireland"}):
            raise ValueError(f"disclosure.yaml must have each nation exactly once, not {names}")
        return self

    def for_nation(self, nation: str) -> RuleSet:
        return next(rules for rules in self.nations if rules.nation == nation)


@content_loader("disclosure")
def disclosure_rules() -> DisclosureRules:
    """Return the Clare's Law rule set of each nation."""
    return load_model(DisclosureRules, "disclosure.yaml")
