"""Limits on opening and starting survivor spaces, and on share codes, counted in the database.

The limits protect the server against floods, never a survivor from her own space: each try
costs an argon2id derivation (64 MiB, about 130 ms), so many misses from one connection are
slowed down, but correct words always open the space. After ``FREE`` misses (or new spaces)
within ``WINDOW``, a connection must wait before each further try, twice as long each time up
to ``LONGEST_WAIT``; a try made too soon is answered with how long to wait ("your words may be
right"), costs nothing and is not counted. There is no hard lock: a refuge's shared Wi-Fi or a
mobile operator's shared address is slowed down after many misses, never shut out.

A connection is its IPv4 address, or its IPv6 /64 network (one household or phone gets a
whole /64, so counting single IPv6 addresses would count nothing). When the whole site sees a
flood (``SITE_FREE`` misses within the window), connections that have missed several times
already must wait ``LONGEST_WAIT`` between tries; a connection with few or no misses is never
slowed down by others.

A bucket is a keyed hash of what is limited (a connection, a staff user, or the whole site),
so no address is stored. Rows older than the window are deleted as new ones are written.
Professionals' share-code tries keep a hard limit (they are audited and a professional can
ask a colleague), see ``share_buckets``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.http import HttpRequest
from django.utils import timezone

from safeplan.survivor.models import Attempt

WINDOW = timedelta(minutes=15)
FREE = 10
LONGEST_WAIT = 60
SITE_FREE = {"unlock": 1000, "create": 500}
# Under a site-wide flood, a connection with this many misses of its own must wait the longest.
SITE_FLOOD_OWN = 3
SHARE_PER_ADDRESS = 10
SHARE_PER_USER = 10


@dataclass(frozen=True)
class Wait:
    """How long a connection must wait before its next try (0: it may try now)."""

    seconds: int

    def __bool__(self) -> bool:
        return self.seconds > 0


def _bucket(kind: str, value: str) -> str:
    digest = hmac.new(settings.VAULT_PEPPER, f"rate {kind}\x00{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:40]}"


def connection(address: str) -> str:
    """Return what a limit counts for a client address: the IPv4 address, or the IPv6 /64 network."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def client_address(request: HttpRequest) -> str:
    """Return the client's connection as limits count it (the proxy sets REMOTE_ADDR)."""
    return connection(str(request.META.get("REMOTE_ADDR", "")))


def _misses(bucket: str) -> tuple[int, float]:
    """Return how many tries the bucket has in the window, and the seconds since the last one."""
    now = timezone.now()
    found = Attempt.objects.filter(bucket=bucket, at__gte=now - WINDOW).aggregate(count=Count("pk"), last=Max("at"))
    last = found["last"]
    return int(found["count"]), (now - last).total_seconds() if last is not None else math.inf


def wait_before(kind: str, request: HttpRequest) -> Wait:
    """Return how long this connection must wait before it may try ``kind`` ("unlock" or "create") again."""
    own, since_own = _misses(_bucket(f"{kind}-ip", client_address(request)))
    needed = 0.0
    if own >= FREE:
        needed = min(2 ** (own - FREE + 1), LONGEST_WAIT) - since_own
    if own >= SITE_FLOOD_OWN:
        site, _since = _misses(_bucket(f"{kind}-all", ""))
        if site >= SITE_FREE[kind]:
            needed = max(needed, LONGEST_WAIT - since_own)
    return Wait(max(0, math.ceil(needed)))


def note_try(kind: str, request: HttpRequest) -> None:
    """Count a try that cost a key derivation (a miss when opening, any new space), and forget old ones."""
    now = timezone.now()
    Attempt.objects.filter(at__lt=now - WINDOW).delete()
    buckets = (_bucket(f"{kind}-ip", client_address(request)), _bucket(f"{kind}-all", ""))
    Attempt.objects.bulk_create([Attempt(bucket=bucket, at=now) for bucket in buckets])


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
