"""A date field far out of range is a form error on its field, not a crash while counting deadlines."""

from __future__ import annotations

import pytest
from django.test import Client

from safeplan.content.events import EventType, event_rules
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.timeline import valid_post
from safeplan.timeline.models import CaseEvent, Obligation

# Types whose obligations are counted back from one of their own date fields.
DUE_BEFORE = [t for t in event_rules().event_types if t.due_before]


@pytest.mark.parametrize("event_type", DUE_BEFORE, ids=lambda t: t.id)
@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-05"])
def test_a_deadline_date_in_year_one_is_refused_with_an_error_and_nothing_saved(
    world: World, client: Client, event_type: EventType, day: str
) -> None:
    sign_in_verified(client, world.alice)
    assert event_type.due_before is not None
    data = valid_post(event_type)
    data[event_type.due_before] = day
    response = client.post(f"/cases/{world.case.pk}/events/new/?type={event_type.id}", data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not CaseEvent.objects.exists()
    assert not Obligation.objects.exists()


def test_an_outsider_cannot_reach_the_event_form(world: World, client: Client) -> None:
    sign_in_verified(client, world.charlie)
    assert client.get(f"/cases/{world.case.pk}/events/new/").status_code == 404
