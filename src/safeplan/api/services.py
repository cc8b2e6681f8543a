"""Service credentials: made, rotated and revoked by an agency admin, every change audited."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from safeplan.accounts.models import CASEWORK_ROLES, Team, User
from safeplan.api.models import RateWindow, ReplayedCreate, Scope, ServiceCredential
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.idempotent import create_once

PREFIX = "sp"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_key() -> tuple[str, str, str]:
    """Return (key_id, secret, the whole key an integration sends)."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return key_id, secret, f"{PREFIX}_{key_id}_{secret}"


def _require_admin(actor: User, agency_id: int | None) -> None:
    if not actor.is_agency_admin or actor.agency_id != agency_id:
        raise PermissionDenied


def credential_create(
    *,
    actor: User,
    name: str,
    team: Team,
    role: str,
    scopes: Collection[str],
    expires_at: datetime,
    submission: UUID | None = None,
) -> tuple[ServiceCredential, str]:
    """Make credentials for a named integration; return them and the key, which is never shown again.

    A second post of the same form (`submission`) returns the credentials the first one made,
    with an empty key: only its hash was kept.
    """
    _require_admin(actor, team.agency_id)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Enter the name of the integration.")
    if role not in CASEWORK_ROLES:
        errors["role"] = _("Choose the role the integration acts in.")
    unknown = {str(s) for s in scopes} - set(Scope.values)
    if not scopes or unknown:
        errors["scopes"] = _("Choose what the integration may do.")
    if expires_at <= timezone.now():
        errors["expires_at"] = _("The expiry must be in the future.")
    if errors:
        raise ValidationError(errors)
    made: dict[str, str] = {}

    def create() -> ReplayedCreate:
        with transaction.atomic():
            credential, made["key"] = _credential_made(
                actor=actor, name=name.strip(), team=team, role=role, scopes=scopes, expires_at=expires_at
            )
            return ReplayedCreate.objects.create(submission=submission, kind="credential", object_id=credential.pk)

    if submission is None:
        with transaction.atomic():
            return _credential_made(
                actor=actor, name=name.strip(), team=team, role=role, scopes=scopes, expires_at=expires_at
            )
    row = create_once(ReplayedCreate, submission, {"kind": "credential"}, create)
    return ServiceCredential.objects.get(pk=row.object_id, agency_id=team.agency_id), made.get("key", "")


def _credential_made(
    *, actor: User, name: str, team: Team, role: str, scopes: Collection[str], expires_at: datetime
) -> tuple[ServiceCredential, str]:
    """Make the service account and its credentials, audited; the caller holds the transaction."""
    key_id, secret, key = _new_key()
    account = User.objects.create_user(
        username=f"integration-{slugify(name)[:60]}-{key_id}",
        first_name=name[:150],
        role=role,
        agency=team.agency,
        team=team,
        is_demo=team.agency.is_demo,
        is_service_account=True,
    )
    account.set_unusable_password()
    account.save(update_fields=["password"])
    try:
        with transaction.atomic():
            credential = ServiceCredential.objects.create(
                agency=team.agency,
                name=name,
                account=account,
                scopes=sorted({str(s) for s in scopes}),
                key_id=key_id,
                secret_hash=_hash(secret),
                created_by=actor,
                expires_at=expires_at,
                is_demo=team.agency.is_demo,
            )
    except IntegrityError:
        raise ValidationError({"name": _("This agency already has an integration with that name.")}) from None
    record(
        actor=actor,
        verb=Verb.API_CREDENTIAL_CREATED,
        target=credential,
        detail={"name": credential.name, "scopes": credential.scopes, "expires_at": expires_at.isoformat()},
    )
    return credential, key


def credential_rotate(*, actor: User, credential: ServiceCredential) -> str:
    """Replace the secret (the old key stops working at once); return the new key."""
    _require_admin(actor, credential.agency_id)
    if credential.revoked_at is not None:
        raise ValidationError(_("These credentials are revoked; make new ones instead."))
    key_id, secret, key = _new_key()
    with transaction.atomic():
        credential.key_id, credential.secret_hash, credential.rotated_at = key_id, _hash(secret), timezone.now()
        credential.save(update_fields=["key_id", "secret_hash", "rotated_at"])
        record(actor=actor, verb=Verb.API_CREDENTIAL_ROTATED, target=credential, detail={"name": credential.name})
    return key


def credential_revoke(*, actor: User, credential: ServiceCredential) -> None:
    """Stop the credentials working, for good, and close their service account."""
    _require_admin(actor, credential.agency_id)
    with transaction.atomic():
        now = timezone.now()
        if not ServiceCredential.objects.filter(pk=credential.pk, revoked_at__isnull=True).update(revoked_at=now):
            return
        credential.revoked_at = now
        User.objects.filter(pk=credential.account_id).update(is_active=False)
        record(actor=actor, verb=Verb.API_CREDENTIAL_REVOKED, target=credential, detail={"name": credential.name})


def credential_for_key(key: str) -> ServiceCredential | None:
    """Return the live credentials this key belongs to, or None (unknown, wrong, expired or revoked)."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    credential = ServiceCredential.objects.select_related("account").filter(key_id=parts[1]).first()
    if credential is None or not hmac.compare_digest(credential.secret_hash, _hash(parts[2])):
        return None
    return credential if credential.is_live() else None


def rate_counted(credential: ServiceCredential, now: datetime | None = None) -> bool:
    """Count a call in this minute's window; return False when the credential is over its limit."""
    minute = (now or timezone.now()).replace(second=0, microsecond=0)
    windows = RateWindow.objects.filter(credential=credential, minute=minute)
    with transaction.atomic():
        if not windows.update(calls=F("calls") + 1):
            try:
                with transaction.atomic():
                    RateWindow.objects.create(credential=credential, minute=minute, calls=1)
            except IntegrityError:
                windows.update(calls=F("calls") + 1)
        calls = windows.values_list("calls", flat=True).first() or 0
    return calls <= settings.API_CALLS_PER_MINUTE


def call_recorded(*, credential: ServiceCredential, method: str, route: str) -> None:
    """Audit a call as the integration that made it."""
    record(
        actor=credential.account,
        verb=Verb.API_CALLED,
        target=credential,
        detail={"method": method, "route": route},
        actor_label=f"integration:{credential.name}",
    )
