"""The incident diary comes a page at a time, and narrows to the incidents staff recorded or the messages imported."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safeplan.appendonly import rewrite_history
from safeplan.evidence.models import Incident
from safeplan.personas import World
from safeplan.testing.evidence import record_incident
from safeplan.testing.lists import assert_bounded
from safeplan.testing.signin import sign_in_verified

PAGE = 3


@pytest.fixture(autouse=True)
def small_pages(settings: Any) -> None:
    settings.LIST_PAGE_SIZE = PAGE


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def add_incidents(world: World, count: int) -> None:
    for _ in range(count):
        record_incident(world.alice, world.case)


def test_the_incident_list_holds_one_page_whatever_the_number_of_incidents(world: World) -> None:
    assert_bounded(
        signed_in(world.alice), f"/cases/{world.case.pk}/incidents/", lambda n: add_incidents(world, n), page=PAGE
    )


def test_the_list_narrows_to_imported_messages_and_keeps_the_filter_across_pages(world: World) -> None:
    add_incidents(world, PAGE + 2)
    # Mark some as imported, as an import of saved messages would have made them (the source is not chained).
    imported = list(Incident.objects.order_by("pk").values_list("pk", flat=True)[: PAGE + 1])
    rewrite_history(Incident.objects.filter(pk__in=imported), source=Incident.Source.IMPORTED)
    client = signed_in(world.alice)
    html = client.get(f"/cases/{world.case.pk}/incidents/?source=imported").content.decode()
    assert f"{PAGE + 1} incidents, in date order" in html
    assert "source=imported&amp;page=2" in html
    entered = client.get(f"/cases/{world.case.pk}/incidents/?source=entered").content.decode()
    assert "1 incident, in date order" in entered
