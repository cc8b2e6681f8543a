"""Sections that other apps add to a professional's home page, without the cases app knowing them.

An app registers a section in its AppConfig.ready():

    home.register(order=10, template="timeline/_home_tasks.html", context=home_tasks_context)

``context(user, team)`` returns the section's template context: the user's own work, or with
``team`` True (a supervisor's team view) the team's. It must only read what the user may see,
in a fixed number of queries whatever the number of rows (the page shows a few and links to
the full list).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from safeplan.accounts.models import User


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: Callable[[User, bool], dict[str, Any]]


SECTIONS: list[Section] = []


def register(*, order: int, template: str, context: Callable[[User, bool], dict[str, Any]]) -> None:
    if any(section.template == template for section in SECTIONS):
        return
    SECTIONS.append(Section(order, template, context))
    SECTIONS.sort(key=lambda section: section.order)


def render_context(user: User, *, team: bool) -> list[dict[str, Any]]:
    """Return each registered section's template and context, in order."""
    return [{"template": section.template, **section.context(user, team)} for section in SECTIONS]
