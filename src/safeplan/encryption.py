"""Encrypted model fields for sensitive free text and JSON objects, with keys from SAFEPLAN_FIELD_KEYS."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction

from safeplan.domain.fieldcrypto import (
    FORMAT_VERSION,
    FieldDecryptError,
    Keyring,
    decrypt_text,
    encrypt_text,
    needs_rotation,
    rotate,
)


def keyring() -> Keyring:
    """Return the configured keyring (parsed and validated once, in settings)."""
    ring: Keyring = settings.FIELD_KEYRING
    return ring


class EncryptedTextField(models.TextField):
    """Text stored as AES-256-GCM ciphertext with its key id; plain text in Python.

    The value is bound to its model and field, so ciphertext copied into another
    column does not decrypt. Encrypted columns cannot be searched or ordered.
    """

    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt_text(keyring(), value, self.context())

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(keyring(), str(value), self.context())

    def value_to_string(self, obj: Any) -> str:
        # What serializers (dumpdata) write: the ciphertext, never the plain text.
        token: str = self.get_prep_value(self.value_from_object(obj))
        return token

    def opened(self, value: Any) -> Any:
        """Return the plain text of a serialized ciphertext of this field, or value if it is not one."""
        if isinstance(value, str) and value.startswith(f"{FORMAT_VERSION}:"):
            try:
                return decrypt_text(keyring(), value, self.context())
            except FieldDecryptError:
                return value
        return value

    def to_python(self, value: Any) -> Any:
        # loaddata gives back what value_to_string wrote.
        return super().to_python(self.opened(value))


class EncryptedJSONField(EncryptedTextField):
    """A JSON object stored as AES-256-GCM ciphertext, like EncryptedTextField; a dict in Python.

    For structured data about a victim: risk answers (special category data: sexual abuse,
    pregnancy, mental health), plan circumstances and parts, unsubmitted drafts. Keys are
    sorted, so the same value always serialises to the same plain text.

    The empty value is the empty object ``{}``, and it is encrypted like any other, so an empty
    record cannot be told from a full one at rest. Only a dict can be stored: ``None`` or any
    other type raises TypeError on save, because "no value" must be written as ``{}`` on
    purpose, never reach the column by accident. A column that holds no ciphertext at all
    (which only a schema change could leave) reads as ``{}``.
    """

    # What django-stubs' mypy plugin takes as the attribute's types.
    _pyi_private_set_type: dict[str, Any]  # type: ignore[assignment]
    _pyi_private_get_type: dict[str, Any]  # type: ignore[assignment]

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        if not text:
            return {}
        loaded: dict[str, Any] = json.loads(text)
        return loaded

    def get_prep_value(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"{self.context()} holds a JSON object (a dict), not {type(value).__name__}")
        return super().get_prep_value(json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False))

    def to_python(self, value: Any) -> Any:
        # Model instances hold Python values; a string is a serialized ciphertext (loaddata).
        opened = self.opened(value)
        if isinstance(opened, str) and opened is not value:
            return json.loads(opened)
        return value


def encrypted_fields() -> list[EncryptedTextField]:
    """Return every encrypted field of every installed model."""
    from django.apps import apps

    return [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, EncryptedTextField)
    ]


def rotate_field(field: EncryptedTextField) -> int:
    """Re-encrypt every stored value of the field under the current key; return how many changed.

    Works on the raw column, so values are never decrypted into model instances or
    passed through save() and its side effects.
    """
    model = field.model
    ring = keyring()
    quote = connection.ops.quote_name
    table, column, pk_column = quote(model._meta.db_table), quote(field.column), quote(model._meta.pk.column)
    changed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk_column}, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608 - quoted names
        rows = cursor.fetchall()
        for pk, token in rows:
            if token and needs_rotation(ring, token):
                cursor.execute(
                    f"UPDATE {table} SET {column} = %s WHERE {pk_column} = %s",  # noqa: S608 - quoted names
                    [rotate(ring, token, field.context()), pk],
                )
                changed += 1
    return changed


def encrypt_plain_column(connection: Any, *, table: str, column: str, context: str) -> int:
    """Encrypt, in place, the plain text a column held before it became an encrypted field.

    For data migrations: reads and writes the raw column, so it runs before or after any model
    change and never decrypts a value twice. Values that already decrypt under this context are
    left alone, so running it again changes nothing. Return how many values it encrypted.
    """
    ring = keyring()
    quote = connection.ops.quote_name
    changed = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''")  # noqa: S608
        for pk, value in cursor.fetchall():
            try:
                decrypt_text(ring, value, context)
                continue
            except ValueError:
                pass
            cursor.execute(
                f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608 - quoted names
                [encrypt_text(ring, value, context), pk],
            )
            changed += 1
    return changed


def decrypt_to_plain_column(connection: Any, *, table: str, column: str, context: str) -> None:
    """Undo encrypt_plain_column (a migration's way back): write each value's plain text."""
    ring = keyring()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''")  # noqa: S608
        for pk, value in cursor.fetchall():
            cursor.execute(
                f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608 - quoted names
                [decrypt_text(ring, value, context), pk],
            )
