"""Start-up checks for the protections every page relies on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

REQUIRED_MIDDLEWARE = (
    "safeplan.web.middleware.SecurityHeadersMiddleware",
    "safeplan.web.csrf.FetchMetadataCsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)


def check_protections(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Return an error for each protective middleware that is missing."""
    return [
        checks.Error(f"{name} must be in MIDDLEWARE", id="safeplan.E002")
        for name in REQUIRED_MIDDLEWARE
        if name not in settings.MIDDLEWARE
    ]
