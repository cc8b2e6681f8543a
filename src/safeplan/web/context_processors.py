from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    """Return the deployment's service name, exit address, demo flag and staff idle limit to every template."""
    return {
        "idle_seconds": settings.SESSION_IDLE_SECONDS,
        "service_name": settings.SERVICE_NAME,
        "exit_url": settings.EXIT_URL,
        "demo_mode": settings.MODE == "demo",
    }
