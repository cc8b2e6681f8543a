"""Case search finds by reference (any case) or by a name, through indexes rather than a read of every person."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from safeplan.cases.models import Person
from safeplan.cases.selectors import search_cases
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified


def test_a_reference_typed_in_lower_case_finds_its_case(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    html = client.get(f"/cases/search/?q={world.case.reference.lower()}").content.decode()
    assert "1 case found" in html
    assert world.case.reference in html


def test_a_part_of_a_name_or_an_other_name_finds_the_case_and_nothing_outside_the_team(world: World) -> None:
    Person.objects.filter(pk=world.victim.pk).update(other_names="Synthetic Alias Quenby")
    assert list(search_cases(world.alice, "quenb")) == [world.case]
    assert list(search_cases(world.alice, world.victim.full_name.split()[0].upper())) == [world.case]
    assert list(search_cases(world.charlie, "quenb")) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_name_search_can_use_the_trigram_indexes_on_postgresql(world: World) -> None:
    names = Person.objects.filter(full_name__icontains="Quenby").values("case_id")
    sql, params = names.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "cases_person_full_name_trgm" in plan
