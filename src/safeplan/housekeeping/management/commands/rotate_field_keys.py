"""Re-encrypt every sensitive field under the current field key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safeplan.encryption import encrypted_fields, keyring, rotate_field


class Command(BaseCommand):
    help = (
        "Re-encrypt all encrypted fields under the current key (the first in SAFEPLAN_FIELD_KEYS). "
        "Put the new key first, keep the old ones after it, run this, then remove the old keys."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for field in encrypted_fields():
            changed = rotate_field(field)
            total += changed
            self.stdout.write(f"{field.model._meta.label}.{field.name}: {changed} re-encrypted")
        self.stdout.write(f"done: {total} value(s) now under key {keyring().current!r}")
