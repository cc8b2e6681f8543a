"""Personas shared by every test (registered as a pytest plugin in the root conftest.py).

Northshire Police has two teams. "Team North" owns the case: Alice (officer), Bob (officer),
Sue (supervisor), Wendy (witness care), Mark (MARAC coordinator) and Ida (IDVA placed in the
team). Charlie is an officer in Team South, outside the case. Olga is a supervisor in another
agency altogether, Westshire IDVA Service, which Wanda administers. Adam administers
Northshire Police from its Administration team. This is the one persona world: every test,
the accounts tests and the browser tests included, takes it as the `world` fixture.

Three partner agencies take part in MARAC and hold no cases: Pat represents Northshire Health
(and is its named point of contact), Hana represents Northshire Housing, and Una represents
Eastshire Probation, whose agency has not signed any MARAC's information sharing protocol
(safeplan.testing.marac signs the first two into the world's MARAC area).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from safeplan.accounts.models import Agency, Role, Team, User
from safeplan.cases.models import Case, CaseShare, ConfidentialLocation, Handover, Person, SafeContact

PASSWORD = "a-long-test-password-1"  # noqa: S105 - a test persona's password
SECRET_ADDRESS = "Flat 9, 1 Hidden Lane, Testborough TB1 2ZZ"  # noqa: S105 - synthetic


@dataclass
class World:
    agency: Agency
    other_agency: Agency
    north: Team
    south: Team
    elsewhere: Team
    admin_team: Team
    alice: User
    bob: User
    sue: User
    wendy: User
    mark: User
    ida: User
    adam: User
    charlie: User
    south_supervisor: User
    south_witness_care: User
    south_marac: User
    south_idva: User
    olga: User
    wanda: User
    health: Agency
    housing: Agency
    probation: Agency
    pat: User
    hana: User
    una: User
    case: Case
    victim: Person
    suspect: Person
    location: ConfidentialLocation
    share: CaseShare
    handover: Handover

    def inside(self) -> list[User]:
        """Users of every role in the owning team."""
        return [self.alice, self.sue, self.wendy, self.mark, self.ida, self.adam]

    def outside(self) -> list[User]:
        """Users of every role outside the owning team, with no share or break-glass access."""
        return [
            self.charlie,
            self.south_supervisor,
            self.south_witness_care,
            self.south_marac,
            self.south_idva,
            self.olga,
            self.pat,
            self.hana,
            self.una,
        ]

    def partners(self) -> list[User]:
        """MARAC representatives of partner agencies: they never open a case's own pages."""
        return [self.pat, self.hana, self.una]


def make_user(username: str, role: str, team: Team, first: str = "") -> User:
    user = User(username=username, first_name=first or username.title(), role=role, agency=team.agency, team=team)
    user.email = f"{username}@example.org"
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(db: None) -> World:
    agency = Agency.objects.create(name="Northshire Police", kind=Agency.Kind.POLICE)
    other = Agency.objects.create(name="Westshire IDVA Service", kind=Agency.Kind.IDVA_SERVICE)
    north = Team.objects.create(agency=agency, name="Team North")
    south = Team.objects.create(agency=agency, name="Team South")
    admin_team = Team.objects.create(agency=agency, name="Administration")
    elsewhere = Team.objects.create(agency=other, name="Westshire IDVAs")
    alice = make_user("alice", Role.OFFICER, north)
    bob = make_user("bob", Role.OFFICER, north)
    sue = make_user("sue", Role.SUPERVISOR, north)
    case = Case.objects.create(
        reference="SP-TEST-0001", team=north, responsible_officer=alice, spoc=bob, created_by=alice, summary="Test"
    )
    # Vicky asked for English; a victim whose language nobody asked gets Welsh and English (plans.printing).
    victim = Person.objects.create(case=case, role=Person.Role.VICTIM, full_name="Vicky Victim", language="en-gb")
    suspect = Person.objects.create(case=case, role=Person.Role.SUSPECT, full_name="Sam Suspect")
    SafeContact.objects.create(
        case=case, allowed_channels=["phone_call"], never=["voicemail"], phone_number="07700 900001", updated_by=alice
    )
    location = ConfidentialLocation.objects.create(
        case=case, kind=ConfidentialLocation.Kind.REFUGE, address=SECRET_ADDRESS, created_by=alice
    )
    share = CaseShare.objects.create(
        case=case, team=elsewhere, reason="joint work", granted_by=alice, expires_at=timezone.now() - timedelta(days=1)
    )
    health = Agency.objects.create(name="Northshire Health", kind=Agency.Kind.HEALTH)
    housing = Agency.objects.create(name="Northshire Housing", kind=Agency.Kind.HOUSING)
    probation = Agency.objects.create(name="Eastshire Probation", kind=Agency.Kind.PROBATION)
    pat = make_user("pat", Role.MARAC_REPRESENTATIVE, Team.objects.create(agency=health, name="Safeguarding"))
    health.point_of_contact = pat
    health.save(update_fields=["point_of_contact"])
    handover = Handover.objects.create(
        case=case, duty="spoc", from_user=alice, to_user=bob, reason="leave", recorded_by=alice
    )
    return World(
        agency=agency,
        other_agency=other,
        north=north,
        south=south,
        elsewhere=elsewhere,
        admin_team=admin_team,
        alice=alice,
        bob=bob,
        sue=sue,
        wendy=make_user("wendy", Role.WITNESS_CARE, north),
        mark=make_user("mark", Role.MARAC_COORDINATOR, north),
        ida=make_user("ida", Role.IDVA, north),
        adam=make_user("adam", Role.ADMIN, admin_team),
        charlie=make_user("charlie", Role.OFFICER, south),
        south_supervisor=make_user("sophie", Role.SUPERVISOR, south),
        south_witness_care=make_user("walter", Role.WITNESS_CARE, south),
        south_marac=make_user("maria", Role.MARAC_COORDINATOR, south),
        south_idva=make_user("ivan", Role.IDVA, south),
        olga=make_user("olga", Role.SUPERVISOR, elsewhere),
        wanda=make_user("wanda", Role.ADMIN, elsewhere),
        health=health,
        housing=housing,
        probation=probation,
        pat=pat,
        hana=make_user("hana", Role.MARAC_REPRESENTATIVE, Team.objects.create(agency=housing, name="Tenancy")),
        una=make_user("una", Role.MARAC_REPRESENTATIVE, Team.objects.create(agency=probation, name="Offender")),
        case=case,
        victim=victim,
        suspect=suspect,
        location=location,
        share=share,
        handover=handover,
    )
