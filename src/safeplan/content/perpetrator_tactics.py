"""Diversion and disruption tactics for perpetrator management plans (content/perpetrator_tactics.yaml)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from safeplan.content.loader import content_loader, load_model
from safeplan.content.schema import Frozen, Identifier, LocalText, Source


class Tactic(Frozen):
    id: Identifier
    kind: Literal["diversion", "disruption"]
    label: LocalText
    sources: Annotated[list[Source], Field(min_length=1)]


class Tactics(Frozen):
    version: Annotated[int, Field(ge=1)]
    tactics: Annotated[list[Tactic], Field(min_length=1)]

    @model_validator(mode="after")
    def _ids_once(self) -> Tactics:
        ids = [tactic.id for tactic in self.tactics]
        if len(set(ids)) != len(ids):
            raise ValueError("perpetrator_tactics.yaml: a tactic id is listed twice")
        return self

    def ids(self) -> list[str]:
        return [tactic.id for tactic in self.tactics]


@content_loader("perpetrator_tactics")
def perpetrator_tactics() -> Tactics:
    """Return the tactics a perpetrator management plan may use, with their sources."""
    return load_model(Tactics, "perpetrator_tactics.yaml")
