"""About thirty synthetic cases with varied safe contact arrangements. Every name is invented."""

from __future__ import annotations

import random

from django.db import transaction

from safeplan.accounts.models import User
from safeplan.cases.models import Case, ConfidentialLocation, Person, SafeContact
from safeplan.domain.contact import Channel, Never, parse_safe_times

FIRST = [
    "Amira",
    "Bethan",
    "Chloe",
    "Dana",
    "Efa",
    "Farah",
    "Gemma",
    "Hana",
    "Isla",
    "Jade",
    "Kerry",
    "Lowri",
    "Maya",
    "Nadia",
    "Olu",
    "Priya",
    "Rhian",
    "Sadia",
    "Tara",
    "Una",
    "Vera",
    "Wendy",
    "Yasmin",
    "Zara",
    "Aled",
    "Ben",
    "Callum",
    "Dev",
    "Ewan",
    "Femi",
]
LAST = [
    "Ashdown",
    "Brennan",
    "Castell",
    "Dufresne",
    "Elwood",
    "Fairbairn",
    "Gethin",
    "Holloway",
    "Ingram",
    "Jessop",
    "Kavanagh",
    "Llewellyn",
    "Marchetti",
    "Nwosu",
    "Okonkwo",
    "Pemberton",
    "Quayle",
    "Rowntree",
]
SUSPECT_FIRST = ["Adam", "Brandon", "Craig", "Darren", "Elliot", "Frank", "Gary", "Harvey", "Ian", "Jason"]

ARRANGEMENTS = [
    ([Channel.PHONE_CALL, Channel.TEXT_MESSAGE], [Never.VOICEMAIL, Never.LETTERS_HOME], "Mon-Fri 10:00-14:00"),
    ([Channel.EMAIL], [Never.HOME_VISITS, Never.LANDLINE, Never.VOICEMAIL], ""),
    ([Channel.VIA_THIRD_PARTY], [Never.TEXT_MESSAGES, Never.HOME_VISITS, Never.LETTERS_HOME], "Sat-Sun 12:00-13:00"),
    ([Channel.AT_WORK, Channel.PHONE_CALL], [Never.HOME_VISITS, Never.UNIFORMED_OFFICERS, Never.MARKED_CARS], ""),
    ([Channel.PHONE_CALL, Channel.HOME_VISIT, Channel.LETTER], [Never.WITHHELD_NUMBER], "every day 08:00-11:00"),
]


def load(seed: int = 20261121) -> int:
    """Create the demo cases once; return how many exist. Running again changes nothing."""
    if Case.objects.filter(is_demo=True).exists():
        return Case.objects.filter(is_demo=True).count()
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    teams: dict[int | None, list[User]] = {}
    for user in User.objects.filter(is_demo=True, role__in=["officer", "idva", "supervisor"]).select_related("team"):
        teams.setdefault(user.team_id, []).append(user)
    owners = [members for members in teams.values() if members]
    with transaction.atomic():
        for number in range(30):
            members = owners[number % len(owners)]
            officer = members[number % len(members)]
            spoc = members[(number + 1) % len(members)]
            creator = officer
            assert officer.team is not None  # demo caseworkers all have a team
            case = Case.objects.create(
                reference=f"SP-DEMO-{number + 1:04d}",
                team=officer.team,
                responsible_officer=officer,
                spoc=spoc,
                summary="Synthetic demo case: every detail is invented.",
                created_by=creator,
                is_demo=True,
            )
            victim = f"{rng.choice(FIRST)} {rng.choice(LAST)} (synthetic)"
            Person.objects.create(case=case, role=Person.Role.VICTIM, full_name=victim)
            Person.objects.create(
                case=case,
                role=Person.Role.SUSPECT,
                full_name=f"{rng.choice(SUSPECT_FIRST)} {rng.choice(LAST)} (synthetic)",
            )
            for _child in range(rng.randint(0, 2)):
                Person.objects.create(
                    case=case, role=Person.Role.CHILD, full_name=f"{rng.choice(FIRST)} {victim.split()[1]} (synthetic)"
                )
            allowed, never, times = ARRANGEMENTS[number % len(ARRANGEMENTS)]
            SafeContact.objects.create(
                case=case,
                allowed_channels=[c.value for c in allowed],
                never=[n.value for n in never],
                phone_number=f"07700 900{number:03d}",
                email=f"demo{number}@example.org" if Channel.EMAIL in allowed else "",
                third_party="Her sister, 07700 900999 (synthetic)" if Channel.VIA_THIRD_PARTY in allowed else "",
                work_details="Ask for the duty manager (synthetic)" if Channel.AT_WORK in allowed else "",
                safe_windows={"windows": [window.as_data() for window in parse_safe_times(times)]},
                safe_times="When the suspect is at work (synthetic)." if times else "",
                code_word=rng.choice(["bluebell", "umbrella", "pancakes", "lighthouse"]),
                caller_may_identify=number % 3 == 0,
                updated_by=creator,
            )
            ConfidentialLocation.objects.create(
                case=case,
                kind=ConfidentialLocation.Kind.REFUGE if number % 4 == 0 else ConfidentialLocation.Kind.CURRENT_ADDRESS,
                address=(
                    f"Flat {number + 1}, {rng.randint(1, 99)} Example Road, Demotown DT{number % 9 + 1} 1AA (synthetic)"
                ),
                created_by=creator,
            )
    return Case.objects.filter(is_demo=True).count()
