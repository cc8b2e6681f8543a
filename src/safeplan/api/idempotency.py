"""Idempotency-Key and If-Match: the API's side of safeplan.idempotent and safeplan.versioned."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest
from ninja.errors import HttpError

from safeplan.api.auth import Caller
from safeplan.api.models import ReplayedCreate
from safeplan.idempotent import create_once

NAMESPACE = uuid.UUID("6f1d3c0e-3a51-4e0a-9b8e-5d7f0a1c2b33")


def submission(request: HttpRequest, who: Caller) -> uuid.UUID | None:
    """Return the create's token: the Idempotency-Key within this caller's own namespace, or None."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return None
    if len(key) > 200:
        raise HttpError(400, "The Idempotency-Key is too long (200 characters at most).")
    owner = f"credential:{who.credential.pk}" if who.credential is not None else f"user:{who.user.pk}"
    return uuid.uuid5(NAMESPACE, f"{owner}:{key}")


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request: HttpRequest) -> int:
    """Return the version the caller read (If-Match: "<version>"); refuse a write that does not say."""
    value = request.headers.get("If-Match", "").strip()
    if not value:
        raise HttpError(428, 'Send If-Match with the ETag you read, for example If-Match: "3".')
    value = value.removeprefix("W/").strip('"')
    if not value.isdigit() or len(value) > 9:
        raise HttpError(412, "The If-Match does not match the record.")
    return int(value)


def created_once(request: HttpRequest, who: Caller, kind: str, make: Callable[[], int]) -> int:
    """Return the id make() creates, or, for a retried Idempotency-Key, the id the first call created.

    For services whose record keeps no submission token of its own: the key is kept beside it
    (ReplayedCreate) in the same transaction, so a racing retry rolls back whole.
    """
    token = submission(request, who)
    if token is None:
        return make()

    def create() -> ReplayedCreate:
        with transaction.atomic():
            return ReplayedCreate.objects.create(submission=token, kind=kind, object_id=make())

    return create_once(ReplayedCreate, token, {"kind": kind}, create).object_id
