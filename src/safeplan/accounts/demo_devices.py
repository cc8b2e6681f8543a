"""Known second factors for the synthetic demo users, so a person trying the demo can sign in.

Every key and code here is derived from the username alone, on purpose: the
demo loader prints them, and they stay the same on every machine. They are
refused in production, and for any user not marked ``is_demo``.
"""

from __future__ import annotations

import hashlib
from base64 import b32encode

from django.conf import settings
from django.db import transaction

from safeplan.accounts.codes import backup_code_digest
from safeplan.accounts.models import AuthenticatorApp, BackupCode, BackupCodes, User
from safeplan.accounts.second_factor import BACKUP_CODE_ALPHABET, BACKUP_CODE_COUNT, BACKUP_CODE_LENGTH

DEMO_DEVICE_NAME = "Demo authenticator app"
DEMO_BACKUP_DEVICE_NAME = "Demo backup codes"
DEMO_SALT = b"safeplan-demo-second-factor-v1"


class DemoRefused(RuntimeError):
    """Demo second factors are only for demo users, outside production."""


def _check(user: User) -> None:
    if settings.MODE not in {"demo", "test"}:
        raise DemoRefused("demo second factors are never made in production")
    if not user.is_demo:
        raise DemoRefused(f"{user.username} is not a demo user")


def demo_totp_key(username: str) -> bytes:
    """Return the fixed 20-byte TOTP key of a demo username."""
    return hashlib.sha256(DEMO_SALT + b":totp:" + username.encode()).digest()[:20]


def demo_backup_codes(username: str) -> list[str]:
    """Return the fixed backup codes of a demo username."""
    codes = []
    for index in range(BACKUP_CODE_COUNT):
        digest = hashlib.sha256(DEMO_SALT + f":backup:{username}:{index}".encode()).digest()
        codes.append(
            "".join(BACKUP_CODE_ALPHABET[byte % len(BACKUP_CODE_ALPHABET)] for byte in digest[:BACKUP_CODE_LENGTH])
        )
    return codes


def ensure_demo_device(user: User) -> str:
    """Give a demo user a confirmed authenticator app with their fixed key; return its base32 secret.

    Running it again changes nothing. The otpauth:// address for a QR code is
    the device's ``config_url``.
    """
    _check(user)
    key = demo_totp_key(user.username).hex()
    with transaction.atomic():
        device = AuthenticatorApp.objects.filter(user=user, name=DEMO_DEVICE_NAME).first()
        if device is None:
            device = AuthenticatorApp.objects.create(user=user, name=DEMO_DEVICE_NAME, key=key, confirmed=True)
        elif device.key != key or not device.confirmed:
            device.key = key
            device.confirmed = True
            device.save(update_fields=["key", "confirmed"])
    return b32encode(demo_totp_key(user.username)).decode("ascii")


def ensure_demo_backup_codes(user: User) -> list[str]:
    """Give a demo user their fixed set of backup codes (restoring any used up); return them.

    A used backup code works once, as always; loading the demo again brings it back.
    """
    _check(user)
    codes = demo_backup_codes(user.username)
    with transaction.atomic():
        device, _ = BackupCodes.objects.get_or_create(
            user=user, name=DEMO_BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        present = set(device.codes.values_list("digest", flat=True))
        BackupCode.objects.bulk_create(
            BackupCode(device=device, digest=digest)
            for digest in map(backup_code_digest, codes)
            if digest not in present
        )
    return codes
