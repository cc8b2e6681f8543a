"""A professional's second factors: an authenticator app (TOTP), backup codes and passkeys.

Reads and writes of the devices live here. Every write runs in one transaction with its audit
entry. Codes and secrets never reach the audit trail. The devices are our own django-otp devices
(accounts.models): the authenticator app's secret is encrypted at rest and backup codes are kept
only as keyed digests, where django-otp's AuthenticatorApp and StaticToken hold both in plain text.
"""

from __future__ import annotations

import re
import secrets
from base64 import b32encode

from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp_webauthn.models import WebAuthnCredential

from safeplan.accounts.codes import backup_code_digest
from safeplan.accounts.models import AuthenticatorApp, BackupCode, BackupCodes, User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb

TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
BACKUP_CODE_LENGTH = 10
# No 0/o, 1/l/i: codes are copied by hand from paper.
BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOTP_PATTERN = re.compile(r"\d{6}")
# Codes waiting in the session to be shown once, after a passkey was set up by script.
PENDING_BACKUP_CODES = "sp_pending_backup_codes"

TOTP = "totp"
BACKUP_CODE = "backup_code"
PASSKEY = "passkey"


def normalise_code(code: str) -> str:
    """Return a typed code without spaces or hyphens, in lower case."""
    return re.sub(r"[\s\-]", "", code).lower()


def format_backup_code(code: str) -> str:
    """Return a backup code split in two halves, easier to copy."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def has_second_factor(user: User) -> bool:
    """Return True if the user has any confirmed second factor."""
    return bool(user_has_device(user, confirmed=True))


def has_passkey(user: User) -> bool:
    """Return True if the user has a confirmed passkey."""
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user: User) -> int:
    """Return how many unused backup codes the user has."""
    return BackupCode.objects.filter(device__user=user, device__confirmed=True).count()


def totp_secret(device: AuthenticatorApp) -> str:
    """Return the device's key in base32, in groups of four, for typing into an app."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_device_pending(*, user: User) -> AuthenticatorApp:
    """Return the user's unconfirmed authenticator app device, creating it if needed.

    Reusing it keeps the QR code the same if the set-up page is loaded again.
    """
    device = AuthenticatorApp.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = AuthenticatorApp.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_enrolment_confirm(*, user: User, code: str) -> list[str] | None:
    """Confirm the pending authenticator app with a code from it, and issue backup codes.

    Return the new backup codes, or None if the code was wrong (nothing is confirmed).
    """
    normalised = normalise_code(code)
    with transaction.atomic():
        device = AuthenticatorApp.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        if device is None or not TOTP_PATTERN.fullmatch(normalised) or not device.verify_token(normalised):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        AuthenticatorApp.objects.filter(user=user, confirmed=False).delete()
        record(actor=user, verb=Verb.OTP_ENROLLED, target=user, detail={"method": TOTP, "device_id": device.pk})
        return backup_codes_issue(actor=user, user=user)


def confirmed_totp_device(user: User) -> AuthenticatorApp | None:
    """Return the user's confirmed authenticator app device, if any."""
    return AuthenticatorApp.objects.filter(user=user, confirmed=True).order_by("pk").first()


def backup_codes_issue(*, actor: User, user: User) -> list[str]:
    """Replace the user's backup codes with a new set and return them (shown once, never again)."""
    with transaction.atomic():
        device = BackupCodes.objects.filter(user=user).order_by("pk").first()
        if device is None:
            device = BackupCodes.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        device.codes.all().delete()
        codes = [
            "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
            for _ in range(BACKUP_CODE_COUNT)
        ]
        BackupCode.objects.bulk_create(BackupCode(device=device, digest=backup_code_digest(code)) for code in codes)
        record(actor=actor, verb=Verb.BACKUP_CODES_ISSUED, target=user, detail={"count": len(codes)})
    return codes


def code_verify(*, user: User, code: str) -> tuple[Device, str] | None:
    """Return the device that accepts this code and the method ("totp" or "backup_code"), or None.

    A six-digit code is tried against the authenticator app, anything else
    against the backup codes; a backup code is used up by this call.
    """
    normalised = normalise_code(code)
    if TOTP_PATTERN.fullmatch(normalised):
        model: type[Device] = AuthenticatorApp
        method = TOTP
    elif len(normalised) == BACKUP_CODE_LENGTH:
        model = BackupCodes
        method = BACKUP_CODE
    else:
        return None
    with transaction.atomic():
        for device in model.objects.filter(user=user, confirmed=True).select_for_update():
            if device.verify_token(normalised):
                return device, method
    return None


def devices_remove_all(user: User) -> int:
    """Delete every second factor of the user, confirmed or not; return how many. Call inside a transaction."""
    count = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        count += 1
    return count
