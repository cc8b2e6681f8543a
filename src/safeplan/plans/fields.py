"""An encrypted column that holds JSON: for structured data about a victim (circumstances, plan parts)."""

from __future__ import annotations

import json
from typing import Any

from safeplan.encryption import EncryptedTextField


class EncryptedJSONField(EncryptedTextField):
    """JSON stored as AES-256-GCM ciphertext (see EncryptedTextField); Python values in and out.

    Like every encrypted column it cannot be searched, filtered or ordered on.
    """

    # Read by django-stubs: the Python type of the field is any JSON value, not str.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return json.loads(text) if text else None

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return super().get_prep_value(json.dumps(value, sort_keys=True, ensure_ascii=False))

    def to_python(self, value: Any) -> Any:
        # Model instances hold Python values; only text straight from a form would need parsing.
        return value

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj), sort_keys=True)
