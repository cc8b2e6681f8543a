"""The person index in the test world: the world's suspect is also the suspect on a case of Team South."""

from __future__ import annotations

from datetime import date

from safeplan.cases.models import Case, Person
from safeplan.perpetrators.index import index_sync
from safeplan.perpetrators.models import IndexEntry, Perpetrator
from safeplan.personas import World

BORN = date(1980, 5, 17)


def south_case_with_same_suspect(world: World, *, victim: str = "Rita Other", born: date | None = BORN) -> Case:
    """Open a case in Team South whose suspect is the world's suspect (same name and date of birth)."""
    case = Case.objects.create(
        reference=f"SP-TEST-S{Case.objects.count():03d}",
        team=world.south,
        responsible_officer=world.charlie,
        spoc=world.charlie,
        created_by=world.charlie,
        summary="South summary: the second victim's story",
    )
    Person.objects.create(case=case, role=Person.Role.VICTIM, full_name=victim)
    Person.objects.create(case=case, role=Person.Role.SUSPECT, full_name="SUSPECT, Sam", date_of_birth=born)
    return case


def world_perpetrator(world: World) -> Perpetrator:
    """Return the world's suspect as the index knows them, flagged: suspect to two victims."""
    if world.suspect.date_of_birth != BORN:
        Person.objects.filter(pk=world.suspect.pk).update(date_of_birth=BORN, version=world.suspect.version + 1)
        world.suspect.refresh_from_db()
        south_case_with_same_suspect(world)
    index_sync()
    perpetrator = IndexEntry.objects.get(person=world.suspect).perpetrator
    assert perpetrator.flagged_at is not None
    return perpetrator
