"""Writes to agencies, teams and users. Each runs in one transaction."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from safeplan.accounts.models import Agency, Nation, Role, Team, User

ADMIN_TEAM_NAME = "Administration"


def agency_admin_create(
    *, agency_name: str, kind: str, nation: str, username: str, password: str, full_name: str = ""
) -> User:
    """Create an agency (if new) with its first admin; raise ValidationError on bad input."""
    agency_name = agency_name.strip()
    username = username.strip()
    if not agency_name:
        raise ValidationError("Enter the agency's name.")
    if kind not in Agency.Kind.values:
        raise ValidationError(f"Agency kind must be one of {', '.join(Agency.Kind.values)}.")
    if nation not in Nation.values:
        raise ValidationError("Nation must be england-and-wales, scotland or northern-ireland.")
    if not username:
        raise ValidationError("Enter a username.")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"The username {username!r} is already taken.")
    first, _, last = full_name.strip().partition(" ")
    candidate = User(username=username, first_name=first, last_name=last, role=Role.ADMIN)
    validate_password(password, user=candidate)
    with transaction.atomic():
        agency, created = Agency.objects.get_or_create(name=agency_name, defaults={"kind": kind, "nation": nation})
        if not created and agency.users.filter(role=Role.ADMIN).exists():
            raise ValidationError(f"{agency_name} already has an admin; they can add more in the service.")
        team, _ = Team.objects.get_or_create(agency=agency, name=ADMIN_TEAM_NAME)
        candidate.agency = agency
        candidate.team = team
        candidate.set_password(password)
        candidate.save()
    return candidate
