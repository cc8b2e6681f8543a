"""The public right-to-ask form: drafts kept under a code, never on the device, and the request it makes.

Whoever fills it in may be interrupted by the person they are asking about. Every way out of the
page (Exit this page, Escape, Shift three times) sends what was typed with the exit beacon; it is
kept, encrypted, under the code shown at the top of the form, and comes back only to someone who
types that code. Without JavaScript, "Save and come back later" does the same.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safeplan.accounts.models import Team
from safeplan.disclosure.models import PublicDraft
from safeplan.domain.passphrase import normalise_passphrase
from safeplan.survivor.passphrases import allowed_words

FORM_NAME = "clares-law"
CODE_WORDS = 4
# The form's own fields a draft keeps (never the CSRF token, the code or the form name).
DRAFT_LIMIT = 5000


def new_code() -> str:
    """Return four words from the survivor passphrase list: easy to remember, about 51 bits, never stored."""
    words = allowed_words()
    return " ".join(secrets.choice(words) for _ in range(CODE_WORDS))


def _hash(code: str) -> str:
    return hashlib.sha256(normalise_passphrase(code).encode("utf-8")).hexdigest()


def draft_keep(code: str, fields: Mapping[str, str], field_names: list[str]) -> bool:
    """Keep the typed fields under the code (replacing an earlier draft); return False if there is nothing to keep."""
    kept = {name: str(fields.get(name, ""))[:DRAFT_LIMIT] for name in field_names if str(fields.get(name, "")).strip()}
    if not code.strip() or not kept:
        return False
    now = timezone.now()
    with transaction.atomic():
        PublicDraft.objects.filter(expires_at__lt=now).delete()
        PublicDraft.objects.update_or_create(
            code_hash=_hash(code),
            defaults={
                "fields_json": json.dumps(kept, sort_keys=True),
                "expires_at": now + timedelta(days=settings.DISCLOSURE_DRAFT_DAYS),
            },
        )
    return True


def draft_load(code: str) -> dict[str, str] | None:
    """Return what was kept under the code, or None when there is nothing (or it expired)."""
    if not code.strip():
        return None
    draft = PublicDraft.objects.filter(code_hash=_hash(code), expires_at__gte=timezone.now()).first()
    return json.loads(draft.fields_json) if draft is not None else None


def draft_forget(code: str) -> None:
    PublicDraft.objects.filter(code_hash=_hash(code)).delete()


def online_team() -> Team | None:
    """Return the team that receives online requests (SAFEPLAN_DISCLOSURE_ONLINE_TEAM), if it is set up."""
    teams = Team.objects.select_related("agency").filter(agency__kind="police")
    if settings.DISCLOSURE_ONLINE_TEAM:
        return teams.filter(pk=settings.DISCLOSURE_ONLINE_TEAM).first()
    if settings.PRODUCTION:
        return None
    # Outside production the demo force takes them, so the demo shows the form working.
    return teams.filter(agency__is_demo=True).order_by("pk").first()
