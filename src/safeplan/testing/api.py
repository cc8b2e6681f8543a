"""API credentials in the test world: made by the agency admin, through the service."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safeplan.api.models import Scope, ServiceCredential
from safeplan.api.services import credential_create
from safeplan.personas import World


def world_credential(world: World) -> ServiceCredential:
    """Return the agency's one integration (made once per test), acting as an officer of Team North."""
    cached: ServiceCredential | None = getattr(world, "_credential", None)
    if cached is not None:
        return cached
    credential, _ = credential_create(
        actor=world.adam,
        name="Northshire RMS",
        team=world.north,
        role="officer",
        scopes=[Scope.READ_CASES, Scope.READ_OBLIGATIONS],
        expires_at=timezone.now() + timedelta(days=90),
    )
    world._credential = credential  # type: ignore[attr-defined]
    return credential


def make_key(
    world: World, *, scopes: list[str] | None = None, team: str = "north", name: str = "Northshire RMS"
) -> tuple[ServiceCredential, str]:
    """Return credentials the agency admin made for an officer of the team, and their key."""
    return credential_create(
        actor=world.adam,
        name=name,
        team=getattr(world, team),
        role="officer",
        scopes=scopes or [Scope.READ_CASES, Scope.READ_OBLIGATIONS],
        expires_at=timezone.now() + timedelta(days=90),
    )
