"""Dumps (dumpdata, serializers) that never hold a confidential field in plain text.

Django's serializers write each field's Python value, which for an encrypted field is its plain
text: `dumpdata` would write every address, reason and code word in the clear. These formats,
installed over Django's own by SERIALIZATION_MODULES, write instead:

- every encrypted field as ciphertext bound to its field (EncryptedTextField.value_to_string),
  read back by loaddata (EncryptedTextField.to_python);
- the person fields that stay in the clear in the database so they can be searched and matched
  (SEARCHABLE_CONFIDENTIAL, see the README's threat model) sealed the same way under a context of
  their own, and opened again on load.

A dump therefore opens only where the deployment's field keys are. XML is refused, as it cannot
carry the sealed values back through its deserializer.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from safeplan.domain.fieldcrypto import decrypt_text, encrypt_text
from safeplan.encryption import EncryptedTextField, keyring

# Person fields kept in the clear for search and matching, by model label: sealed in every dump.
SEARCHABLE_CONFIDENTIAL: dict[str, tuple[str, ...]] = {
    "cases.person": ("full_name", "other_names", "date_of_birth", "relationship"),
    "perpetrators.indexentry": ("full_name", "other_names", "date_of_birth"),
    "perpetrators.indexname": ("key",),
    "disclosure.disclosurerequest": ("subject_name", "subject_other_names", "subject_date_of_birth"),
}


def _dump_context(label: str, name: str) -> str:
    return f"dump:{label}.{name}"


class SealingSerializer:
    """Mixed into a Python-based serializer: encrypted and searchable person fields leave sealed."""

    def _value_from_field(self, obj: models.Model, field: models.Field[Any, Any]) -> Any:
        if isinstance(field, EncryptedTextField):
            return field.value_to_string(obj)
        value = super()._value_from_field(obj, field)  # type: ignore[misc]
        label = obj._meta.label_lower
        if value is None or field.name not in SEARCHABLE_CONFIDENTIAL.get(label, ()):
            return value
        text = field.value_to_string(obj)
        return encrypt_text(keyring(), text, _dump_context(label, field.name)) if text else text


class OpeningDeserializer:
    """Mixed into a Python-based deserializer: opens the searchable person fields sealed in a dump."""

    def _handle_object(self, obj: dict[str, Any]) -> Any:
        label = str(obj.get("model", "")).lower()
        names = SEARCHABLE_CONFIDENTIAL.get(label, ())
        # A copy: the python format hands over the caller's own objects, which must stay sealed.
        fields = dict(obj.get("fields", {}))
        obj = {**obj, "fields": fields}
        for name in names:
            value = fields.get(name)
            if isinstance(value, str) and value:
                fields[name] = decrypt_text(keyring(), value, _dump_context(label, name))
        return super()._handle_object(obj)  # type: ignore[misc]
