"""The work queues, the timeline, the case panel, bail, and the withdrawal checklist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.content.events import event_rules
from safeplan.content.helplines import helplines
from safeplan.domain.workdays import end_of_day, london_day
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.timeline import BAIL_CONDITIONS, record
from safeplan.timeline.models import ChecklistTick, Obligation


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def test_my_obligations_are_split_into_overdue_due_today_and_upcoming(world: World) -> None:
    overdue = record(world.alice, world.case, "arrest", ago=timedelta(days=10)).obligations.get()
    today = record(world.alice, world.case, "interview_under_caution").obligations.get()
    Obligation.objects.filter(pk=today.pk).update(due_at=end_of_day(london_day(timezone.now())))
    upcoming = record(world.alice, world.case, "charge").obligations.get(kind="notify")
    Obligation.objects.filter(pk=upcoming.pk).update(due_at=timezone.now() + timedelta(days=3))
    bob = signed_in(world.bob)
    html = bob.get("/cases/obligations/").content.decode()
    # The counts of all three, counted in the database; the rows of one (the overdue, first).
    assert "Overdue (1)" in html
    assert "Due today (1)" in html
    assert "Upcoming (1)" in html
    assert "Suspect arrested" in html
    assert "Suspect charged" not in html
    assert f"/obligations/{overdue.pk}/notify/" in html
    today_html = bob.get("/cases/obligations/?state=due_today").content.decode()
    assert "Suspect interviewed under caution" in today_html
    assert "Suspect arrested" not in today_html
    assert "Suspect charged" in bob.get("/cases/obligations/?state=upcoming").content.decode()
    # Alice owns the charge's reviews, not Bob's notifications.
    alice = signed_in(world.alice).get("/cases/obligations/").content.decode()
    assert f"/obligations/{overdue.pk}/notify/" not in alice
    assert "Reassess the risk" in alice


def test_the_work_queue_is_for_caseworkers_only(world: World) -> None:
    assert signed_in(world.adam).get("/cases/obligations/").status_code == 404
    assert Client().get("/cases/obligations/").status_code == 302


def test_a_supervisor_sees_the_teams_overdue_obligations_and_nobody_else_does(world: World) -> None:
    record(world.alice, world.case, "arrest", ago=timedelta(days=10))
    html = signed_in(world.sue).get("/cases/obligations/team-overdue/").content.decode()
    assert world.case.reference in html
    assert "Bob" in html
    assert signed_in(world.alice).get("/cases/obligations/team-overdue/").status_code == 404
    other = signed_in(world.south_supervisor).get("/cases/obligations/team-overdue/").content.decode()
    assert world.case.reference not in other


def test_the_case_page_shows_bail_conditions_now_and_what_to_do_if_they_are_broken(world: World) -> None:
    record(world.alice, world.case, "bail_with_conditions", conditions_plain=BAIL_CONDITIONS)
    html = signed_in(world.ida).get(f"/cases/{world.case.pk}/").content.decode()
    assert "Bail conditions now" in html
    assert "Rose Street" in html
    advice = event_rules().bail_breach_advice
    assert str(advice.steps[0]) in html.replace("&#x27;", "'")
    for helpline_id in advice.helplines:
        assert f'href="tel:{helplines().by_id(helpline_id).tel}"' in html


def test_changed_conditions_replace_the_old_ones_and_cancelled_ones_are_gone(world: World) -> None:
    record(world.alice, world.case, "bail_with_conditions", ago=timedelta(days=3), conditions_plain="Old rule")
    record(
        world.alice,
        world.case,
        "bail_conditions_changed",
        ago=timedelta(days=2),
        conditions_plain="New rule",
        what_changed_plain="Curfew lifted",
    )
    client = signed_in(world.alice)
    html = client.get(f"/cases/{world.case.pk}/").content.decode()
    assert "New rule" in html
    assert "Old rule" not in html
    record(world.alice, world.case, "bail_conditions_cancelled", ago=timedelta(days=1))
    html = client.get(f"/cases/{world.case.pk}/").content.decode()
    assert "Bail conditions now" not in html
    assert "No bail conditions apply" in html
    # A bail recorded late, for an earlier date, does not bring back old conditions.
    record(world.alice, world.case, "bail_with_conditions", ago=timedelta(days=5), conditions_plain="Older still")
    assert "Older still" not in client.get(f"/cases/{world.case.pk}/").content.decode()


def test_the_timeline_shows_events_obligations_and_notifications_and_is_audited(world: World) -> None:
    event = record(world.alice, world.case, "arrest")
    client = signed_in(world.mark)
    html = client.get(f"/cases/{world.case.pk}/timeline/").content.decode()
    assert "Suspect arrested" in html
    assert "Tell the victim" in html
    assert "Bob" in html
    assert AuditEvent.objects.filter(verb=Verb.TIMELINE_VIEWED, case_id=world.case.pk).count() == 1
    client.get(f"/cases/{world.case.pk}/events/{event.pk}/")
    assert AuditEvent.objects.get(verb=Verb.TIMELINE_VIEWED, detail__event=event.pk).actor == world.mark


def test_recording_a_withdrawal_opens_its_checklist_and_the_ticks_are_kept(world: World) -> None:
    client = signed_in(world.alice)
    yesterday = timezone.localtime() - timedelta(days=1)
    response = client.post(
        f"/cases/{world.case.pk}/events/new/?type=withdrawal_of_support",
        {
            "occurred_on": yesterday.strftime("%Y-%m-%d"),
            "occurred_time": "11:00",
            "pressure_suspected": "yes",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/withdrawal-checklist/")
    page = client.get(response["Location"]).content.decode()
    withdrawal = event_rules().withdrawal
    for item in withdrawal.statement.items + withdrawal.background_report.items:
        assert str(item.text).replace("'", "&#x27;") in page
    from safeplan.timeline.models import CaseEvent

    event = CaseEvent.objects.get(type="withdrawal_of_support")
    assert sorted(event.obligations.values_list("kind", flat=True)) == ["reassess", "review_plan"]
    client.post(
        response["Location"], {"statement": ["pressure_to_withdraw"], "background_report": ["identified_risks"]}
    )
    assert set(ChecklistTick.objects.values_list("item_id", flat=True)) == {"pressure_to_withdraw", "identified_risks"}
    client.post(response["Location"], {"statement": ["pressure_to_withdraw"]})
    assert set(ChecklistTick.objects.values_list("item_id", flat=True)) == {"pressure_to_withdraw"}
    audits = AuditEvent.objects.filter(verb=Verb.WITHDRAWAL_CHECKLIST_UPDATED).order_by("id")
    assert [a.detail for a in audits] == [
        {"ticked": ["pressure_to_withdraw", "identified_risks"], "unticked": []},
        {"ticked": [], "unticked": ["identified_risks"]},
    ]
    assert "2 of 12 points covered" not in client.get(response["Location"]).content.decode()
    assert "1 of 12 points covered" in client.get(response["Location"]).content.decode()


def test_only_a_withdrawal_has_a_checklist(world: World) -> None:
    event = record(world.alice, world.case, "arrest")
    client = signed_in(world.alice)
    assert client.get(f"/cases/{world.case.pk}/events/{event.pk}/withdrawal-checklist/").status_code == 404


def queries(client: Client, path: str) -> int:
    client.get(path)  # the first request of a session also writes the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path",
    ["/cases/obligations/", "/cases/obligations/team-overdue/", "/cases/{case}/timeline/", "/cases/{case}/"],
)
def test_queries_do_not_grow_with_the_number_of_events(world: World, path: str) -> None:
    types = ["bail_with_conditions", "arrest", "verdict", "breach", "new_incident", "withdrawal_of_support"]
    client = signed_in(world.sue)
    path = path.format(case=world.case.pk)

    # Ages in days chosen so that even the first three events give overdue, due and upcoming
    # obligations whatever the weekday the test runs on (a weekend once left the small set with none
    # overdue, and the page one query short).
    ages = [11, 0, 6, 3, 9, 1, 4, 10, 2, 7, 5, 8]

    def add(count: int) -> None:
        for i in range(count):
            event = record(world.alice, world.case, types[i % len(types)], ago=timedelta(days=ages[i % 12], hours=1))
            # Some done, some owned by the supervisor, so every part of each page is drawn.
            event.obligations.filter(kind="review_plan").update(done_at=timezone.now(), done_by=world.alice)
            event.obligations.filter(kind="reassess").update(owner=world.sue)

    add(3)
    small = queries(client, path)
    add(27)
    large = queries(client, path)
    assert Obligation.objects.count() > 60
    assert large == small, f"{path}: {small} queries with 3 events, {large} with 30"
