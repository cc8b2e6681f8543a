"""Synthetic demo agencies, teams and staff. Every name here is invented."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from safeplan.accounts.models import Agency, Nation, Role, Team, User

# One password for every demo account, printed by `safeplan demo`. Demo data is
# refused in production, so this never reaches a real deployment.
DEMO_PASSWORD = "demo-only-not-secret"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    agency: str
    team: str


POLICE = "Demo Constabulary (synthetic)"
IDVA = "Demo IDVA Service (synthetic)"
HEALTH = "Demo Health Trust (synthetic)"
HOUSING = "Demo Housing Association (synthetic)"

AGENCIES = {
    POLICE: (
        Agency.Kind.POLICE,
        ("Domestic Abuse Unit North", "Domestic Abuse Unit South", "Witness Care Unit", "MARAC Team", "Administration"),
    ),
    IDVA: (Agency.Kind.IDVA_SERVICE, ("IDVA Team", "Administration")),
    # Partner agencies at the demo MARAC.
    HEALTH: (Agency.Kind.HEALTH, ("Safeguarding Team", "Administration")),
    HOUSING: (Agency.Kind.HOUSING, ("Tenancy Support", "Administration")),
}

USERS = (
    DemoUser("demo.officer", "Alex", "Carter", Role.OFFICER, POLICE, "Domestic Abuse Unit North"),
    DemoUser("demo.officer2", "Sam", "Okafor", Role.OFFICER, POLICE, "Domestic Abuse Unit North"),
    DemoUser("demo.officer.south", "Jo", "Pritchard", Role.OFFICER, POLICE, "Domestic Abuse Unit South"),
    DemoUser("demo.supervisor", "Morgan", "Hale", Role.SUPERVISOR, POLICE, "Domestic Abuse Unit North"),
    DemoUser("demo.witnesscare", "Riley", "Evans", Role.WITNESS_CARE, POLICE, "Witness Care Unit"),
    DemoUser("demo.marac", "Casey", "Lloyd", Role.MARAC_COORDINATOR, POLICE, "MARAC Team"),
    DemoUser("demo.admin", "Taylor", "Reid", Role.ADMIN, POLICE, "Administration"),
    DemoUser("demo.idva", "Jamie", "Morgan", Role.IDVA, IDVA, "IDVA Team"),
    DemoUser("demo.idva.supervisor", "Robin", "Price", Role.SUPERVISOR, IDVA, "IDVA Team"),
    DemoUser("demo.idva.admin", "Charlie", "Shaw", Role.ADMIN, IDVA, "Administration"),
    DemoUser("demo.health", "Priya", "Nandi", Role.MARAC_REPRESENTATIVE, HEALTH, "Safeguarding Team"),
    DemoUser("demo.health.lead", "Owen", "Bright", Role.MARAC_REPRESENTATIVE, HEALTH, "Safeguarding Team"),
    DemoUser("demo.housing", "Dana", "Whitfield", Role.MARAC_REPRESENTATIVE, HOUSING, "Tenancy Support"),
)
# Each partner agency's named point of contact, who receives escalations of its overdue actions.
POINTS_OF_CONTACT = {HEALTH: "demo.health.lead", HOUSING: "demo.housing"}


def load() -> list[DemoUser]:
    """Create the demo agencies, teams and users if they are missing; change nothing else."""
    with transaction.atomic():
        teams: dict[tuple[str, str], Team] = {}
        for agency_name, (kind, team_names) in AGENCIES.items():
            agency, _ = Agency.objects.get_or_create(
                name=agency_name, defaults={"kind": kind, "nation": Nation.ENGLAND_AND_WALES, "is_demo": True}
            )
            for team_name in team_names:
                teams[(agency_name, team_name)], _ = Team.objects.get_or_create(agency=agency, name=team_name)
        for demo in USERS:
            if User.objects.filter(username=demo.username).exists():
                continue
            team = teams[(demo.agency, demo.team)]
            user = User(
                username=demo.username,
                first_name=demo.first_name,
                last_name=demo.last_name,
                role=demo.role,
                agency=team.agency,
                team=team,
                is_demo=True,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        for agency_name, username in POINTS_OF_CONTACT.items():
            Agency.objects.filter(name=agency_name, point_of_contact__isnull=True).update(
                point_of_contact=User.objects.get(username=username)
            )
    return list(USERS)
