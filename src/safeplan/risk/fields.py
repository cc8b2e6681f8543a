"""An encrypted model field for small JSON values (answers, draft form data)."""

from __future__ import annotations

import json
from typing import Any

from safeplan.encryption import EncryptedTextField


class EncryptedJSONField(EncryptedTextField):
    """A JSON object stored as AES-256-GCM ciphertext, like EncryptedTextField; a dict in Python.

    Answers to a risk checklist are special category data (sexual abuse, pregnancy,
    mental health), so they are kept encrypted like free text. Keys are sorted, so
    the same value always serialises to the same plain text.
    """

    # What django-stubs' mypy plugin takes as the attribute's types.
    _pyi_private_set_type: dict[str, Any] | str  # type: ignore[assignment]
    _pyi_private_get_type: dict[str, Any]  # type: ignore[assignment]

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        if text is None or text == "":
            return {}
        return json.loads(text)

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            value = {}
        if not isinstance(value, str):
            value = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return super().get_prep_value(value)
