"""Sections that other apps add to the case page, without the cases app knowing them.

An app registers a panel in its AppConfig.ready():

    panels.register(order=20, template="risk/_case_panel.html", context=risk_panel_context)

``context(case, user)`` returns the panel's template context; it must only read what
the user may see (the case itself has already passed the access check).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from safeplan.accounts.models import User
from safeplan.cases.models import Case


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: Callable[[Case, User], dict[str, Any]]
    # Named in the case page's list of sections (a lazy translation), with the panel's anchor.
    nav_label: Any = None
    # The panel's fragment id on the case page; by default its app's template folder ("section-risk").
    fragment: str = ""

    @property
    def anchor(self) -> str:
        return self.fragment or "section-" + self.template.split("/", 1)[0]


PANELS: list[Panel] = []


def register(
    *,
    order: int,
    template: str,
    context: Callable[[Case, User], dict[str, Any]],
    nav_label: Any = None,
    anchor: str = "",
) -> None:
    if any(panel.template == template for panel in PANELS):
        return
    PANELS.append(Panel(order, template, context, nav_label, anchor))
    PANELS.sort(key=lambda panel: panel.order)


def render_context(case: Case, user: User) -> list[dict[str, Any]]:
    """Return each registered panel's template and context, in order."""
    return [
        {"template": panel.template, "anchor": panel.anchor, "nav_label": panel.nav_label, **panel.context(case, user)}
        for panel in PANELS
    ]
