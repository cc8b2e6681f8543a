"""The stored form of one-time codes a person types (backup codes): keyed digests, never the codes."""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import salted_hmac

BACKUP_CODE_SALT = "safeplan.accounts.backup_code"


def backup_code_digest(code: str) -> str:
    """Return the stored form of a backup code: HMAC-SHA256 under a key derived from SECRET_KEY.

    Keyed, so that someone holding only the database cannot try every code (about 2**49) offline.
    """
    return salted_hmac(BACKUP_CODE_SALT, code, algorithm="sha256").hexdigest()


def backup_code_digests(code: str) -> list[str]:
    """Return the digests a code may be stored under: SECRET_KEY's, then each SECRET_KEY_FALLBACKS'."""
    return [
        salted_hmac(BACKUP_CODE_SALT, code, secret=secret, algorithm="sha256").hexdigest()
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]
