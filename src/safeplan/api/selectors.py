"""Reads of service credentials, for the agency admin who manages them: their own agency's only."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from safeplan.accounts.models import User
from safeplan.accounts.selectors import admin_agency_id
from safeplan.api.models import ServiceCredential


def credentials_for_admin(*, admin: User) -> QuerySet[ServiceCredential]:
    """Return the credentials of the admin's agency, live ones first by name; Http404 for anyone but an admin."""
    return (
        ServiceCredential.objects.filter(agency_id=admin_agency_id(admin))
        .select_related("account__team", "created_by")
        .order_by("revoked_at", "name", "pk")
    )


def credential_for_admin(*, admin: User, pk: int) -> ServiceCredential:
    """Return one credential of the admin's agency, or raise Http404 (another agency's, or none)."""
    return get_object_or_404(credentials_for_admin(admin=admin), pk=pk)
