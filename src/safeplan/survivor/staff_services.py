"""The professional side of sharing: redeem a survivor's one-time code into a case (audited)."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case
from safeplan.domain.vaultcrypto import KdfParams, VaultDecryptError, derive_key, open_sealed
from safeplan.survivor.models import VaultShare
from safeplan.survivor.services import normalise_share_code, share_lookup


class ShareUnavailable(Exception):
    """The code finds no share that can be used: mistyped, used, revoked or expired."""


def share_redeem(*, actor: Any, case: Case, code: str) -> Any:
    """Import a copy of the shared plan into the case, use up the code, and return the new plan version.

    Raises ShareUnavailable for any code that cannot be used, without saying why; the plan
    import's own ValidationError passes through. The copy is emptied once used.
    """
    from safeplan.plans.services import plan_import_from_survivor

    normalised = normalise_share_code(code)
    if not normalised:
        raise ShareUnavailable
    with transaction.atomic():
        share = VaultShare.objects.select_for_update().filter(lookup=share_lookup(normalised)).first()
        now = timezone.now()
        if share is None or share.used_at or share.revoked_at or share.expires_at <= now or not share.snapshot:
            raise ShareUnavailable
        try:
            key = derive_key("share " + normalised, bytes(share.salt), KdfParams.from_string(share.kdf_params))
            snapshot = json.loads(open_sealed(key, bytes(share.snapshot), f"share:{share.pk}".encode()))
        except (ValueError, VaultDecryptError):
            raise ShareUnavailable from None
        version = plan_import_from_survivor(actor=actor, case=case, snapshot=snapshot)
        share.used_at = now
        share.snapshot = b""
        share.save(update_fields=["used_at", "snapshot"])
        record(
            actor=actor, verb=Verb.SURVIVOR_SHARE_ACCEPTED, target=version, case_id=case.pk, detail={"share": share.pk}
        )
    return version


def share_refused(*, actor: Any, case: Case, reason: str) -> None:
    """Audit a share code that could not be used ("unavailable" or "rate_limited")."""
    with transaction.atomic():
        record(actor=actor, verb=Verb.SURVIVOR_SHARE_REFUSED, target=case, case_id=case.pk, detail={"reason": reason})
