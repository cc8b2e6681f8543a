"""Recording a case event creates, in the same transaction, the obligations its rules call for."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from safeplan.accounts.models import Nation, Role
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case, CaseShare
from safeplan.content.events import event_rules
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.timeline import BAIL_CONDITIONS, record, valid_post
from safeplan.timeline.models import CaseEvent, Obligation
from safeplan.timeline.services import event_record

LONDON = ZoneInfo("Europe/London")
ALL_TYPES = event_rules().ids


def test_a_bail_release_makes_the_spoc_tell_the_victim_and_the_officer_review(world: World) -> None:
    event = record(world.alice, world.case, "bail_with_conditions", conditions_plain=BAIL_CONDITIONS)
    owners = {o.kind: (o.owner, o.owner_role) for o in event.obligations.all()}
    assert owners == {
        "notify": (world.bob, "spoc"),
        "reassess": (world.alice, "responsible_officer"),
        "review_plan": (world.alice, "responsible_officer"),
    }
    audit = AuditEvent.objects.get(verb=Verb.EVENT_RECORDED)
    assert audit.actor == world.alice
    assert audit.case_id == world.case.pk
    assert audit.detail["type"] == "bail_with_conditions"
    assert sorted(o["kind"] for o in audit.detail["obligations"]) == ["notify", "reassess", "review_plan"]
    assert "Rose Street" not in str(audit.detail)


def test_released_on_bail_friday_5pm_before_a_bank_holiday_is_due_at_the_end_of_tuesday(world: World) -> None:
    # Friday 23 May 2025, 17:00 in London; Monday 26 May 2025 is the Spring bank holiday in England.
    client = Client()
    sign_in_verified(client, world.alice)
    data = {
        "occurred_on": "2025-05-23",
        "occurred_time": "17:00",
        "submission": str(uuid4()),
        "granted_by": "police",
        "conditions_plain": BAIL_CONDITIONS,
    }
    response = client.post(f"/cases/{world.case.pk}/events/new/?type=bail_with_conditions", data)
    assert response.status_code == 302
    event = CaseEvent.objects.get(type="bail_with_conditions")
    assert event.occurred_at == datetime(2025, 5, 23, 17, 0, tzinfo=LONDON)
    notify = event.obligations.get(kind="notify")
    assert notify.due_at == datetime(2025, 5, 27, 23, 59, 59, 999999, tzinfo=LONDON)
    assert notify.due_at.astimezone(LONDON).strftime("%A %H:%M") == "Tuesday 23:59"
    page = client.get(response["Location"]).content.decode()
    assert "by 23:59 on Tuesday 27 May 2025" in page


def test_the_case_nation_comes_from_its_agency(world: World) -> None:
    # Monday 3 August 2026 is a bank holiday in Scotland but a working day in England.
    world.agency.nation = Nation.SCOTLAND
    world.agency.save()
    friday = datetime(2026, 7, 31, 12, 0, tzinfo=LONDON)
    event = event_record(actor=world.alice, case=world.case, type_id="arrest", occurred_at=friday)
    assert event.obligations.get().due_at.date() == datetime(2026, 8, 4).date()
    world.agency.nation = Nation.ENGLAND_AND_WALES
    world.agency.save()
    event = event_record(actor=world.alice, case=world.case, type_id="arrest", occurred_at=friday)
    assert event.obligations.get().due_at.date() == datetime(2026, 8, 3).date()


def test_court_outcomes_go_to_witness_care_in_the_team(world: World) -> None:
    event = record(world.alice, world.case, "verdict")
    notify = event.obligations.get(kind="notify")
    assert (notify.owner, notify.owner_role, notify.owner_fallback) == (world.wendy, "witness_care", False)


def test_without_witness_care_who_can_open_the_case_the_spoc_holds_court_outcomes(world: World) -> None:
    world.wendy.is_active = False
    world.wendy.save()
    event = record(world.alice, world.case, "sentencing")
    notify = event.obligations.get(kind="notify")
    assert (notify.owner, notify.owner_fallback) == (world.bob, True)
    client = Client()
    sign_in_verified(client, world.alice)
    html = client.get(f"/cases/{world.case.pk}/events/{event.pk}/").content.decode()
    assert "nobody in witness care can open this case" in html


def test_witness_care_in_a_team_the_case_is_shared_with_can_hold_court_outcomes(world: World) -> None:
    world.wendy.is_active = False
    world.wendy.save()
    CaseShare.objects.create(
        case=world.case,
        team=world.south,
        reason="witness care",
        granted_by=world.alice,
        expires_at=timezone.now() + timedelta(days=5),
    )
    event = record(world.alice, world.case, "trial_date_set")
    assert event.obligations.get(kind="notify").owner == world.south_witness_care
    # The owner from the other team can act on it, and sees it in their queue.
    client = Client()
    sign_in_verified(client, world.south_witness_care)
    assert world.case.reference in client.get("/cases/obligations/").content.decode()


def test_an_event_without_a_notify_rule_creates_only_the_reviews(world: World) -> None:
    event = record(world.alice, world.case, "new_relationship")
    assert sorted(event.obligations.values_list("kind", flat=True)) == ["reassess", "review_plan"]


def test_a_release_date_brings_every_obligation_before_it(world: World) -> None:
    release = (timezone.localtime() + timedelta(days=3)).date()
    event = record(world.alice, world.case, "release_from_prison", release_date=release)
    for obligation in event.obligations.all():
        assert obligation.due_at.astimezone(LONDON).date() < release


def test_each_type_checks_its_own_fields(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        event_record(
            actor=world.alice,
            case=world.case,
            type_id="bail_with_conditions",
            occurred_at=timezone.now(),
            fields={"granted_by": "the neighbour", "answer_bail_on": "soon"},
        )
    assert set(caught.value.message_dict) == {"granted_by", "conditions_plain", "answer_bail_on"}
    with pytest.raises(ValidationError):
        record(world.alice, world.case, "arrest", conditions_plain="not a field of an arrest")
    with pytest.raises(ValidationError):
        event_record(actor=world.alice, case=world.case, type_id="no_such_type", occurred_at=timezone.now())
    assert not CaseEvent.objects.exists()
    assert not Obligation.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.EVENT_RECORDED).exists()


def test_times_in_the_future_or_out_of_order_are_refused(world: World) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        event_record(actor=world.alice, case=world.case, type_id="arrest", occurred_at=now + timedelta(hours=2))
    assert "occurred_at" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        event_record(
            actor=world.alice,
            case=world.case,
            type_id="verdict",
            occurred_at=now - timedelta(hours=1),
            received_at=now - timedelta(hours=2),
            fields={"outcome": "guilty"},
        )
    assert "received_at" in caught.value.message_dict


def test_a_court_outcome_counts_from_when_the_result_arrived(world: World) -> None:
    verdict_at = datetime(2025, 5, 22, 16, 0, tzinfo=LONDON)  # a Thursday
    received = datetime(2025, 5, 23, 18, 0, tzinfo=LONDON)  # Friday evening, before the bank holiday
    event = event_record(
        actor=world.alice,
        case=world.case,
        type_id="verdict",
        occurred_at=verdict_at,
        received_at=received,
        fields={"outcome": "not_guilty"},
    )
    assert event.obligations.get(kind="notify").due_at == datetime(2025, 5, 27, 23, 59, 59, 999999, tzinfo=LONDON)
    # The reviews run from the verdict itself: Friday.
    assert event.obligations.get(kind="reassess").due_at == datetime(2025, 5, 23, 23, 59, 59, 999999, tzinfo=LONDON)


def test_only_the_owning_team_records_events_and_not_on_a_closed_case(world: World) -> None:
    for outsider in (world.charlie, world.olga, world.adam):
        with pytest.raises(PermissionDenied):
            record(outsider, world.case, "arrest")
    Case.objects.filter(pk=world.case.pk).update(status="closed", closed_at=timezone.now())
    world.case.refresh_from_db()
    with pytest.raises(ValidationError):
        record(world.alice, world.case, "arrest")
    assert not CaseEvent.objects.exists()


def test_details_and_fields_are_encrypted_at_rest(world: World) -> None:
    event = record(world.alice, world.case, "bail_with_conditions", conditions_plain=BAIL_CONDITIONS)
    CaseEvent.objects.filter(pk=event.pk).update(details="Met at the station")
    with connection.cursor() as cursor:
        cursor.execute("SELECT details, fields_json FROM timeline_caseevent WHERE id = %s", [event.pk])
        details, fields = cursor.fetchone()
    assert "Rose Street" not in fields
    assert "station" not in details
    assert CaseEvent.objects.get(pk=event.pk).fields["conditions_plain"] == BAIL_CONDITIONS


def test_new_obligations_are_mailed_to_their_owners_after_commit_not_to_the_recorder(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        record(world.alice, world.case, "bail_with_conditions", conditions_plain=BAIL_CONDITIONS)
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert world.case.reference in body
    assert "Tell the victim" in body
    for secret in ("Vicky", "Rose Street", "07700"):
        assert secret not in body


@pytest.mark.parametrize("type_id", ALL_TYPES)
def test_every_type_can_be_recorded_through_the_pages(world: World, type_id: str) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    chooser = client.post(f"/cases/{world.case.pk}/events/new/", {"type": type_id})
    assert chooser.status_code == 302
    assert chooser["Location"].endswith(f"?type={type_id}")
    assert client.get(chooser["Location"]).status_code == 200
    response = client.post(chooser["Location"], valid_post(event_rules().by_id(type_id)))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = CaseEvent.objects.get()
    assert event.type == type_id
    page = client.get(response["Location"])
    assert page.status_code == 200


@pytest.mark.parametrize("type_id", ALL_TYPES)
def test_every_type_refuses_an_empty_form_with_an_error_summary(world: World, type_id: str) -> None:
    client = Client()
    sign_in_verified(client, world.sue)
    response = client.post(f"/cases/{world.case.pk}/events/new/?type={type_id}", {})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not CaseEvent.objects.exists()


def test_people_outside_the_team_cannot_open_the_event_pages(world: World) -> None:
    event = record(world.alice, world.case, "arrest")
    for user in [*world.outside(), world.adam]:
        client = Client()
        sign_in_verified(client, user)
        for path in ("events/new/", f"events/{event.pk}/", "timeline/"):
            assert client.get(f"/cases/{world.case.pk}/{path}").status_code == 404, (user.username, path)


def test_a_witness_care_officer_in_the_team_can_record_events(world: World) -> None:
    assert world.wendy.role == Role.WITNESS_CARE
    record(world.wendy, world.case, "first_hearing")
    assert CaseEvent.objects.get().recorded_by == world.wendy
