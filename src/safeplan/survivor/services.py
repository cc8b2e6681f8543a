"""Create, open and change survivor spaces, with envelope encryption.

A space's passphrase derives (argon2id, per-space salt and parameters) a key that seals only
a random **data key**; the space's content (one JSON document) is sealed under the data key.
So re-keying (a new passphrase) re-seals 32 bytes, and the content never meets the passphrase.
The server stores neither the passphrase nor the derived key; while a space is open, the data
key is held as ``session.py`` describes.

Nothing here is audited or logged: a record that a space was opened or changed would itself
identify a space. Professional-side actions (``staff_services.py``) are audited.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from safeplan.domain.vaultcrypto import (
    DEFAULT_KDF_PARAMS,
    KdfParams,
    VaultDecryptError,
    derive_key,
    lookup_key,
    new_random_key,
    new_salt,
    open_sealed,
    seal,
)
from safeplan.plans.plandata import SurvivorSnapshot
from safeplan.survivor import passphrases
from safeplan.survivor.document import (
    KIND_NOTES,
    KIND_PLAN,
    Document,
    Duress,
    PlanSpace,
    ShareRecord,
    dump,
    new_document,
    parse,
)
from safeplan.survivor.models import Vault, VaultShare
from safeplan.survivor.techsummary import tech_summary

SHARE_VALID_FOR = timedelta(hours=72)
# No 0/O, 1/I/L, U/V confusion: 29 symbols, so 10 of them carry about 48.6 bits.
SHARE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
SHARE_LENGTH = 10

# Used to spend the same time on a passphrase that finds no space as on one that does.
_DUMMY_SALT = b"\x00" * 16


@dataclass(frozen=True)
class OpenVault:
    """A space opened for one request: its id and data key. Never log or store it."""

    vault_id: int
    data_key: bytes

    def __repr__(self) -> str:
        return "OpenVault(<hidden>)"


def kdf_params() -> KdfParams:
    """Return the argon2id parameters for new spaces and share codes (tests make them cheap)."""
    return DEFAULT_KDF_PARAMS


def _pepper() -> bytes:
    pepper: bytes = settings.VAULT_PEPPER
    return pepper


def _ad(vault_id: int, what: str) -> bytes:
    return f"vault:{vault_id}:{what}".encode()


def vault_create(*, kind: str = KIND_PLAN, passphrase: str = "") -> tuple[str, OpenVault]:
    """Create a space and return its new passphrase and the opened space.

    The passphrase is returned once, to be shown to the survivor; it is not kept. A survivor's
    new space is made with the words she was shown and has typed back (``passphrase``).
    """
    if passphrase:
        return passphrase, _create_with(passphrase, new_document(kind))
    for _ in range(5):
        passphrase = passphrases.generate_passphrase()
        try:
            return passphrase, _create_with(passphrase, new_document(kind))
        except IntegrityError:  # pragma: no cover - a lookup collision of ~77-bit passphrases
            continue
    raise RuntimeError("could not create a space")  # pragma: no cover


def _create_with(passphrase: str, document: Document) -> OpenVault:
    params = kdf_params()
    salt = new_salt()
    derived = derive_key(passphrase, salt, params)
    data_key = new_random_key()
    with transaction.atomic():
        vault = Vault.objects.create(
            lookup=lookup_key(passphrase, _pepper()),
            salt=salt,
            kdf_params=params.to_string(),
            sealed_data_key=b"",
            content=b"",
        )
        vault.sealed_data_key = seal(derived, data_key, _ad(vault.pk, "data-key"))
        vault.content = seal(data_key, dump(document), _ad(vault.pk, "content"))
        vault.save(update_fields=["sealed_data_key", "content"])
    return OpenVault(vault_id=vault.pk, data_key=data_key)


def vault_open(passphrase: str) -> OpenVault | None:
    """Return the space the passphrase opens, or None (in about the same time either way)."""
    try:
        lookup = lookup_key(passphrase, _pepper())
    except ValueError:
        return None
    vault = Vault.objects.filter(lookup=lookup).only("pk", "salt", "kdf_params", "sealed_data_key").first()
    if vault is None:
        derive_key(passphrase, _DUMMY_SALT, kdf_params())
        return None
    try:
        params = KdfParams.from_string(vault.kdf_params)
        derived = derive_key(passphrase, bytes(vault.salt), params)
        data_key = open_sealed(derived, bytes(vault.sealed_data_key), _ad(vault.pk, "data-key"))
    except (ValueError, VaultDecryptError):
        return None
    return OpenVault(vault_id=vault.pk, data_key=data_key)


def vault_read(opened: OpenVault) -> Document | None:
    """Return the space's content, or None if the space no longer exists or does not open."""
    vault = Vault.objects.filter(pk=opened.vault_id).only("pk", "content").first()
    if vault is None:
        return None
    try:
        data = open_sealed(opened.data_key, bytes(vault.content), _ad(vault.pk, "content"))
    except VaultDecryptError:
        return None
    # Content that opens but does not fit the schema is a bug, not a locked space: let it raise.
    return parse(data)


class NotAPlanSpace(ValueError):
    """A change meant for a plan space was asked of a notes space."""


def vault_update(opened: OpenVault, change: Callable[[Document], None]) -> Document:
    """Apply ``change`` to the space's content, check it against the schema and seal it again, in one transaction."""
    with transaction.atomic():
        vault = Vault.objects.select_for_update().get(pk=opened.vault_id)
        document = parse(open_sealed(opened.data_key, bytes(vault.content), _ad(vault.pk, "content")))
        change(document)
        vault.content = seal(opened.data_key, dump(document), _ad(vault.pk, "content"))
        vault.save(update_fields=["content"])
    return document


def plan_update(opened: OpenVault, change: Callable[[PlanSpace], None]) -> PlanSpace:
    """Apply ``change`` to a plan space's content like vault_update; raise NotAPlanSpace for a notes space."""

    def checked(document: Document) -> None:
        if not isinstance(document, PlanSpace):
            raise NotAPlanSpace
        change(document)

    updated = vault_update(opened, checked)
    assert isinstance(updated, PlanSpace)  # checked() refused anything else
    return updated


def vault_delete(opened: OpenVault) -> None:
    """Delete the space, its duress space and its unused share codes."""
    document = vault_read(opened)
    with transaction.atomic():
        if isinstance(document, PlanSpace):
            if document.duress is not None:
                Vault.objects.filter(lookup=document.duress.lookup).delete()
            share_ids = [share.id for share in document.shares]
            VaultShare.objects.filter(pk__in=share_ids, used_at__isnull=True).delete()
        Vault.objects.filter(pk=opened.vault_id).delete()


def duress_create(opened: OpenVault) -> str:
    """Create (or replace) the space's duress passphrase and return it.

    The duress passphrase opens a separate notes space that holds no link to this one; only
    this space's sealed content records the duress space's lookup key, so that it can be
    replaced or removed from here.
    """
    passphrase, decoy = vault_create(kind=KIND_NOTES)
    decoy_lookup = Vault.objects.values_list("lookup", flat=True).get(pk=decoy.vault_id)
    previous: list[str] = []

    def change(document: PlanSpace) -> None:
        if document.duress is not None:
            previous.append(document.duress.lookup)
        document.duress = Duress(lookup=decoy_lookup)

    plan_update(opened, change)
    Vault.objects.filter(lookup__in=previous).delete()
    return passphrase


def duress_remove(opened: OpenVault) -> None:
    """Delete the space's duress space, so its passphrase opens nothing."""
    previous: list[str] = []

    def change(document: PlanSpace) -> None:
        if document.duress is not None:
            previous.append(document.duress.lookup)
        document.duress = None

    plan_update(opened, change)
    Vault.objects.filter(lookup__in=previous).delete()


def normalise_share_code(text: str) -> str:
    """Return a share code as it is hashed: capitals, without spaces or dashes."""
    return "".join(character for character in text.upper() if character.isascii() and character.isalnum())


def format_share_code(code: str) -> str:
    """Return the code in two groups of five, as it is shown and typed."""
    return f"{code[:5]}-{code[5:]}"


def share_lookup(code: str) -> str:
    """Return the keyed hash that finds a share code's row."""
    return lookup_key("share " + normalise_share_code(code), _pepper())


def share_create(opened: OpenVault, *, include_people: bool = False, include_tech: bool = False) -> str:
    """Create a one-time code that shares a copy of the plan for 72 hours, and return it."""
    document = vault_read(opened)
    if not isinstance(document, PlanSpace) or not document.plan.situation:
        raise ValueError("only a space with a plan can share")
    snapshot = plan_snapshot(document, include_people=include_people, include_tech=include_tech)
    params = kdf_params()
    salt = new_salt()
    now = timezone.now()
    for _ in range(5):
        code = "".join(secrets.choice(SHARE_ALPHABET) for _ in range(SHARE_LENGTH))
        key = derive_key("share " + code, salt, params)
        try:
            with transaction.atomic():
                share = VaultShare.objects.create(
                    lookup=share_lookup(code),
                    salt=salt,
                    kdf_params=params.to_string(),
                    snapshot=b"",
                    created_at=now,
                    expires_at=now + SHARE_VALID_FOR,
                )
                share.snapshot = seal(key, _encode(snapshot), f"share:{share.pk}".encode())
                share.save(update_fields=["snapshot"])
        except IntegrityError:  # pragma: no cover - a collision of ~48-bit random codes
            continue
        _record_share(opened, ShareRecord(id=share.pk, code=code, created=now))
        return code
    raise RuntimeError("could not create a share code")  # pragma: no cover


def _record_share(opened: OpenVault, record: ShareRecord) -> None:
    plan_update(opened, lambda document: document.shares.append(record))


def share_revoke(opened: OpenVault, share_id: int) -> bool:
    """Revoke one of the space's share codes (emptying its copy); return False if it is not the space's."""
    document = vault_read(opened)
    if not isinstance(document, PlanSpace) or share_id not in {share.id for share in document.shares}:
        return False
    VaultShare.objects.filter(pk=share_id, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), snapshot=b""
    )
    return True


def plan_snapshot(document: PlanSpace, *, include_people: bool = False, include_tech: bool = False) -> dict[str, Any]:
    """Return the copy of the plan a share code carries, in the format of
    ``safeplan.plans.services.plan_import_from_survivor`` (checked against its schema here).

    Contacts and code words go only if the survivor chose to include them, and so does her tech
    safety checklist (as the plan's technology notes).
    """
    plan = document.plan
    parts: dict[str, Any] = {"bag_wanted": bool(document.bag), "bag_ticked": list(document.bag)}
    if include_people:
        parts["contacts"] = "\n".join(
            " ".join(part for part in (item.text, item.phone) if part) for item in document.lists.contacts
        )[:4000]
        parts["code_words"] = "\n".join(f"{item.text}: {item.meaning}" for item in document.lists.code_words)[:4000]
    if include_tech and document.tech is not None:
        parts["technology_notes"] = tech_summary(document)[:4000]
    snapshot = {
        "coping_strategies": "",
        "circumstances": {"situation": plan.situation, "answers": dict(plan.answers)},
        "items": [{"measure_id": measure_id, "status": "will_do"} for measure_id in plan.chosen],
        "parts": parts,
    }
    SurvivorSnapshot.model_validate(snapshot)  # a share must carry a plan the case side accepts
    return snapshot


def _encode(snapshot: dict[str, Any]) -> bytes:
    return json.dumps(snapshot, separators=(",", ":"), sort_keys=True).encode("utf-8")
