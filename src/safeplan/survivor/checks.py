"""Start-up check: the local helplines file a deployment configures loads and validates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from safeplan.content.loader import ContentError
from safeplan.survivor.content import load_local_helplines


def check_local_helplines(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Return an error if LOCAL_HELPLINES_FILE is set but does not load as helplines."""
    path: str = settings.LOCAL_HELPLINES_FILE
    if not path:
        return []
    try:
        load_local_helplines(path)
    except ContentError as error:
        return [
            checks.Error(
                str(error),
                hint="fix SAFEPLAN_LOCAL_HELPLINES_FILE: the same shape as content/helplines.yaml",
                id="safeplan.E101",
            )
        ]
    return []
