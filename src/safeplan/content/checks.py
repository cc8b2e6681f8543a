"""Start-up check: every content file loads and validates."""

from __future__ import annotations

from typing import Any

from django.core import checks

from safeplan.content.loader import LOADERS, ContentError


def check_content(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Return an error for every content file that does not load."""
    errors: list[checks.CheckMessage] = []
    for name, loader in sorted(LOADERS.items()):
        try:
            loader()
        except ContentError as error:
            errors.append(checks.Error(str(error), hint=f"fix the {name} content", id="safeplan.E001"))
    return errors
