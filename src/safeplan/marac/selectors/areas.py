"""Reads of MARAC areas and their protocols, scoped to the asking user."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.models import Agency, Role, User
from safeplan.marac.models import MaracArea, ProtocolSignature, SharingProtocol
from safeplan.marac.permissions import can_host, is_coordinator_role


def areas_for(user: User) -> QuerySet[MaracArea]:
    """Return the areas the user configures (an admin of the host agency) or coordinates."""
    if not user.is_authenticated or not user.is_active:
        return MaracArea.objects.none()
    scope = Q(pk__in=[])
    if can_host(user):
        scope |= Q(host_agency_id=user.agency_id)
    if is_coordinator_role(user):
        scope |= Q(coordinators=user)
    return MaracArea.objects.filter(scope).distinct().order_by("name")


def area_for(user: User, area_id: int) -> MaracArea:
    """Return the area if the user configures or coordinates it; otherwise 404, as for a missing id."""
    area = areas_for(user).select_related("host_agency").filter(pk=area_id).first()
    if area is None:
        raise Http404
    return area


def protocol_in_force(area: MaracArea, on: date | None = None) -> SharingProtocol | None:
    """Return the protocol version in force on the day (today by default), if any."""
    on = on or timezone.localdate()
    return area.protocols.filter(in_force_from__lte=on).order_by("-in_force_from", "-pk").first()


def signatory_ids(area: MaracArea, on: date | None = None) -> set[int]:
    """Return the ids of the agencies that signed the protocol in force: the only ones a MARAC shares with."""
    protocol = protocol_in_force(area, on)
    if protocol is None:
        return set()
    return set(ProtocolSignature.objects.filter(protocol=protocol).values_list("agency_id", flat=True))


def signed_areas(agency_id: int | None, on: date | None = None) -> list[MaracArea]:
    """Return the areas whose protocol in force the agency has signed, by name."""
    if agency_id is None:
        return []
    on = on or timezone.localdate()
    return [
        area
        for area in MaracArea.objects.prefetch_related(
            Prefetch(
                "protocols",
                queryset=SharingProtocol.objects.filter(in_force_from__lte=on)
                .order_by("-in_force_from", "-pk")
                .prefetch_related("signatures"),
            )
        ).order_by("name")
        if _signed(area, agency_id)
    ]


def _signed(area: MaracArea, agency_id: int) -> bool:
    protocols = list(area.protocols.all())
    return bool(protocols) and any(s.agency_id == agency_id for s in protocols[0].signatures.all())


def protocols(area: MaracArea) -> QuerySet[SharingProtocol]:
    """Return the area's protocol versions, newest first, with their signatures and agencies."""
    return area.protocols.prefetch_related(
        Prefetch("signatures", queryset=ProtocolSignature.objects.select_related("agency").order_by("agency__name"))
    ).order_by("-in_force_from", "-pk")


def protocol_for(area: MaracArea, protocol_id: int) -> SharingProtocol:
    protocol = area.protocols.filter(pk=protocol_id).first()
    if protocol is None:
        raise Http404
    return protocol


def signable_agencies(protocol: SharingProtocol) -> QuerySet[Agency]:
    """Return the agencies that have not yet signed this protocol version, by name."""
    return Agency.objects.exclude(pk__in=protocol.signatures.values("agency_id")).order_by("name")


def coordinator_candidates(area: MaracArea) -> QuerySet[User]:
    """Return the active MARAC coordinators of the host agency, who may be named for the area."""
    return (
        User.objects.people()
        .filter(agency_id=area.host_agency_id, role=Role.MARAC_COORDINATOR, is_active=True)
        .order_by("last_name", "first_name", "username")
    )
