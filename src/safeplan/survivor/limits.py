"""Rate limits on unlock and share-code attempts, counted in the database.

Only failed attempts are counted, for ``WINDOW``; a bucket is a keyed hash of what is limited
(the client address, a staff user, or everything at once), so no address is stored. Rows older
than the window are deleted as new ones are written.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from safeplan.survivor.models import Attempt

WINDOW = timedelta(minutes=15)
UNLOCK_PER_ADDRESS = 10
# Across every address at once: slows a guesser spread over many addresses.
UNLOCK_OVERALL = 1000
# Each new space costs an argon2id derivation (64 MiB, ~130 ms): bound how many one address makes.
CREATE_PER_ADDRESS = 10
CREATE_OVERALL = 500
SHARE_PER_ADDRESS = 10
SHARE_PER_USER = 10


def _bucket(kind: str, value: str) -> str:
    digest = hmac.new(settings.VAULT_PEPPER, f"rate {kind}\x00{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:40]}"


def client_address(request: HttpRequest) -> str:
    """Return the client's address as the server sees it (the proxy sets REMOTE_ADDR)."""
    return str(request.META.get("REMOTE_ADDR", ""))


def unlock_buckets(request: HttpRequest) -> list[tuple[str, int]]:
    """Return the buckets and limits that apply to an unlock attempt."""
    return [
        (_bucket("unlock-ip", client_address(request)), UNLOCK_PER_ADDRESS),
        (_bucket("unlock-all", ""), UNLOCK_OVERALL),
    ]


def create_buckets(request: HttpRequest) -> list[tuple[str, int]]:
    """Return the buckets and limits that apply to creating a space (every creation counts)."""
    return [
        (_bucket("create-ip", client_address(request)), CREATE_PER_ADDRESS),
        (_bucket("create-all", ""), CREATE_OVERALL),
    ]


def share_buckets(request: HttpRequest) -> list[tuple[str, int]]:
    """Return the buckets and limits that apply to a share-code attempt by a professional."""
    return [
        (_bucket("share-ip", client_address(request)), SHARE_PER_ADDRESS),
        (_bucket("share-user", str(request.user.pk)), SHARE_PER_USER),
    ]


def is_limited(buckets: Iterable[tuple[str, int]]) -> bool:
    """Return True if any bucket has reached its limit within the window."""
    since = timezone.now() - WINDOW
    return any(Attempt.objects.filter(bucket=bucket, at__gte=since).count() >= limit for bucket, limit in buckets)


def note_failure(buckets: Iterable[tuple[str, int]]) -> None:
    """Count a failed attempt in every bucket, and forget attempts older than the window."""
    now = timezone.now()
    Attempt.objects.filter(at__lt=now - WINDOW).delete()
    Attempt.objects.bulk_create([Attempt(bucket=bucket, at=now) for bucket, _ in buckets])
