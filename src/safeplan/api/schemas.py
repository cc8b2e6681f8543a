"""What the API sends: coded values (with English and Welsh labels in the schema), ISO 8601 times."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import translation
from ninja import Field, Schema


def coded(choices: type[models.TextChoices], description: str) -> Any:
    """A code from a fixed list; the OpenAPI schema lists every code with its English and Welsh label."""
    labels: dict[str, dict[str, str]] = {}
    for code, label in choices.choices:
        with translation.override("en-gb"):
            english = str(label)
        with translation.override("cy"):
            welsh = str(label)
        labels[code] = {"en": english, "cy": welsh}
    extra: Any = {"enum": list(choices.values), "x-labels": labels}
    return Field(..., description=description, json_schema_extra=extra)


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[dict[str, str]] | None = None


ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 409: Problem, 412: Problem, 428: Problem}
