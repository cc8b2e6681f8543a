"""A case with open tasks does not close until each has an outcome, so none vanishes from the queues."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case
from safeplan.cases.services import case_close
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.timeline import record
from safeplan.timeline.closing import obligations_settle
from safeplan.timeline.models import Obligation


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def test_a_case_with_open_tasks_is_not_closed_and_the_close_page_lists_them(world: World) -> None:
    record(world.alice, world.case, "arrest")
    with pytest.raises(ValidationError):
        case_close(actor=world.alice, case=world.case, reason="risk_reduced")
    assert Case.objects.get(pk=world.case.pk).status == "open"
    html = signed_in(world.alice).get(f"/cases/{world.case.pk}/close/").content.decode()
    items = html.split('id="open-items"')[1].split("</ul>")[0]
    assert "Tell the victim" in items
    assert f"/cases/{world.case.pk}/close/tasks/" in html


def test_every_open_task_needs_an_outcome_and_a_note_or_nothing_is_saved(world: World) -> None:
    event = record(world.alice, world.case, "bail_with_conditions")
    waiting = list(event.obligations.all())
    assert len(waiting) >= 2
    with pytest.raises(ValidationError) as caught:
        obligations_settle(
            actor=world.alice, case=world.case, outcomes={waiting[0].pk: ("not_needed", "Case closing.")}
        )
    assert f"outcome_{waiting[1].pk}" in caught.value.message_dict
    notify = next(o for o in waiting if o.kind == "notify")
    with pytest.raises(ValidationError) as caught:
        obligations_settle(
            actor=world.alice,
            case=world.case,
            outcomes={o.pk: ("done", "It was done, really.") for o in waiting},
        )
    # Telling the victim is recorded as a contact, checked against her arrangement, never as "done" here.
    assert f"outcome_{notify.pk}" in caught.value.message_dict
    assert not Obligation.objects.filter(done_at__isnull=False).exists()


def test_settled_tasks_are_audited_and_then_the_case_closes(world: World) -> None:
    event = record(world.alice, world.case, "arrest")
    waiting = list(event.obligations.all())
    outcomes = {
        o.pk: (
            "told_by_other_agency" if o.kind == "notify" else "not_needed",
            "The police officer told her at the station.",
        )
        for o in waiting
    }
    obligations_settle(actor=world.alice, case=world.case, outcomes=outcomes)
    for obligation in waiting:
        obligation.refresh_from_db()
        assert obligation.done_at is not None
        assert obligation.completion in ("told_by_other_agency", "not_needed")
    entries = AuditEvent.objects.filter(verb=Verb.OBLIGATION_COMPLETED, case_id=world.case.pk)
    assert entries.count() == len(waiting)
    assert all(entry.detail["case_closing"] for entry in entries)
    case_close(actor=world.alice, case=world.case, reason="risk_reduced")
    assert Case.objects.get(pk=world.case.pk).status == "closed"


def test_the_settle_page_saves_all_outcomes_together(world: World) -> None:
    event = record(world.alice, world.case, "arrest")
    waiting = list(event.obligations.all())
    client = signed_in(world.alice)
    page = client.get(f"/cases/{world.case.pk}/close/tasks/").content.decode()
    assert page.count('type="radio"') >= len(waiting)
    data = {}
    for o in waiting:
        data[f"outcome_{o.pk}"] = "victim_opted_out" if o.kind == "notify" else "done"
        data[f"note_{o.pk}"] = "Settled before closing the case."
    response = client.post(f"/cases/{world.case.pk}/close/tasks/", data)
    assert response.status_code == 302
    assert not Obligation.objects.filter(case=world.case, done_at__isnull=True).exists()
