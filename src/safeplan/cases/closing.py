"""What must be settled before a case closes, without the cases app knowing what it is.

Closing a case with open Victims' Code tasks once made them vanish from every queue. An app
whose records stay open with work to do registers in its AppConfig.ready():

    closing.register(open_obligation_items)

``items(case)`` returns what is still open (a label each) and where to settle it; the case
closes only when every app returns nothing, so nothing is dropped without an outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from safeplan.cases.models import Case


@dataclass(frozen=True)
class OpenItem:
    label: Any
    # The page where the open items of this kind get their outcomes.
    settle_url: str


Items = Callable[[Case], list[OpenItem]]
ITEMS: list[Items] = []


def register(items: Items) -> None:
    if items not in ITEMS:
        ITEMS.append(items)


def open_items(case: Case) -> list[OpenItem]:
    """Return everything registered apps still hold open on the case."""
    return [item for items in ITEMS for item in items(case)]
