"""Personas for the accounts tests.

Northshire Police: Adam administers it; Alice is an officer in Team North.
Westshire IDVA Service is another agency: Wanda administers it, Olga works there.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeplan.accounts.models import Agency, Role, Team, User

PASSWORD = "a-long-test-password-1"


@dataclass
class People:
    agency: Agency
    other_agency: Agency
    north: Team
    south: Team
    admin_team: Team
    elsewhere: Team
    adam: User
    alice: User
    wanda: User
    olga: User


def make_user(username: str, role: str, team: Team) -> User:
    user = User(
        username=username, first_name=username.title(), last_name="Test", role=role, agency=team.agency, team=team
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def people(db: None) -> People:
    agency = Agency.objects.create(name="Northshire Police", kind=Agency.Kind.POLICE)
    other = Agency.objects.create(name="Westshire IDVA Service", kind=Agency.Kind.IDVA_SERVICE)
    north = Team.objects.create(agency=agency, name="Team North")
    south = Team.objects.create(agency=agency, name="Team South")
    admin_team = Team.objects.create(agency=agency, name="Administration")
    elsewhere = Team.objects.create(agency=other, name="Westshire IDVAs")
    return People(
        agency=agency,
        other_agency=other,
        north=north,
        south=south,
        admin_team=admin_team,
        elsewhere=elsewhere,
        adam=make_user("adam", Role.ADMIN, admin_team),
        alice=make_user("alice", Role.OFFICER, north),
        wanda=make_user("wanda", Role.ADMIN, elsewhere),
        olga=make_user("olga", Role.IDVA, elsewhere),
    )


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """Compute the code an authenticator app shows now, straight from the device's key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += steps_ahead * device.step
    return f"{totp.token():06d}"


def sign_in_password(client: Client, username: str, password: str = PASSWORD) -> object:
    """Post the sign-in form and return the response."""
    return client.post("/staff/login/", {"username": username, "password": password})
