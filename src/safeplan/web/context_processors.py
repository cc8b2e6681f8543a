from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    """Return the deployment's service name, exit address and demo flag to every template."""
    return {
        "service_name": settings.SERVICE_NAME,
        "exit_url": settings.EXIT_URL,
        "demo_mode": settings.MODE == "demo",
    }
