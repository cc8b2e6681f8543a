"""Orders, custody and release as trigger points, and perpetrator management plans."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case
from safeplan.perpetrators.management import order_expiries_reach_cases, releases_reach_cases
from safeplan.perpetrators.models import Custody, CustodyChange, Order, OrderBreach, PerpetratorPlan, ReleaseTrigger
from safeplan.personas import World
from safeplan.testing.access import snapshot
from safeplan.testing.perpetrators import world_perpetrator
from safeplan.testing.signin import sign_in_verified
from safeplan.timeline.models import CaseEvent, Obligation


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in_verified(client, user)
    return client


def day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).strftime("%d/%m/%Y")


def base(world: World) -> str:
    return f"/cases/{world.case.pk}/people/{world.suspect.pk}/"


def test_an_order_ending_soon_is_a_trigger_point_at_once(world: World) -> None:
    response = client_for(world.alice).post(
        base(world) + "orders/new/",
        {
            "kind": "restraining",
            "conditions_plain": "Must not go to Vicky's street or contact her",
            "starts_on": day(-300),
            "expires_on": day(5),
        },
    )
    assert response.status_code == 302
    order = Order.objects.get()
    event = CaseEvent.objects.get(pk=order.expiry_event_id)
    assert event.type == "court_order_expiring"
    kinds = set(Obligation.objects.filter(event=event).values_list("kind", flat=True))
    assert {"notify", "reassess", "review_plan"} <= kinds
    assert all(
        o.due_at.date() < timezone.localdate() + timedelta(days=5) for o in Obligation.objects.filter(event=event)
    )
    assert AuditEvent.objects.filter(verb=Verb.ORDER_RECORDED, case_id=world.case.pk).exists()


def test_an_order_ending_later_waits_and_the_page_offers_the_trigger_when_due(world: World) -> None:
    client = client_for(world.alice)
    client.post(
        base(world) + "orders/new/",
        {"kind": "spo", "conditions_plain": "Must not follow her", "starts_on": day(-10), "expires_on": day(200)},
    )
    order = Order.objects.get()
    assert order.expiry_event_id is None
    Order.objects.filter(pk=order.pk).update(expires_on=timezone.localdate() + timedelta(days=3))
    assert "Record the coming end as a trigger point" in client.get(base(world) + "management/").content.decode()
    assert client.post(base(world) + "orders/expiry/", {"order": order.pk}).status_code == 302
    assert Order.objects.get().expiry_event_id is not None


def test_a_breach_is_a_trigger_point_on_the_case(world: World) -> None:
    client = client_for(world.alice)
    client.post(
        base(world) + "orders/new/",
        {"kind": "non_molestation", "conditions_plain": "No contact", "starts_on": day(-30)},
    )
    order = Order.objects.get()
    now = timezone.localtime()
    response = client.post(
        base(world) + "orders/breach/",
        {"order": order.pk, "when_on": now.strftime("%d/%m/%Y"), "when_time": "00:01", "details": "He messaged her"},
    )
    assert response.status_code == 302
    breach = OrderBreach.objects.get()
    assert CaseEvent.objects.get(pk=breach.event_id).type == "breach"
    assert AuditEvent.objects.filter(verb=Verb.ORDER_BREACHED).exists()


def test_a_release_date_reaches_every_case_of_the_person_in_the_agency(world: World) -> None:
    world_perpetrator(world)  # the suspect is also the suspect on a case of Team South
    south_case = Case.objects.get(team=world.south)
    client = client_for(world.alice)
    release = timezone.localdate() + timedelta(days=20)
    response = client.post(
        base(world) + "custody/",
        {
            "status": "sentenced",
            "expected_release_on": release.strftime("%d/%m/%Y"),
            "reason": "Prison release notice",
            "mappa_category": "1",
            "mappa_level": "2",
        },
    )
    assert response.status_code == 302
    custody = Custody.objects.get()
    mine = ReleaseTrigger.objects.get(case=world.case)
    event = CaseEvent.objects.get(pk=mine.event_id)
    assert event.type == "release_from_prison"
    obligations = Obligation.objects.filter(event=event)
    assert {"notify", "reassess", "review_plan"} <= set(obligations.values_list("kind", flat=True))
    assert all(o.due_at.date() < release for o in obligations)
    # Team South's case gets a notice its own team records.
    theirs = ReleaseTrigger.objects.get(case=south_case)
    assert theirs.event_id is None
    south_suspect = south_case.people.get(role="suspect")
    page = (
        client_for(world.charlie).get(f"/cases/{south_case.pk}/people/{south_suspect.pk}/management/").content.decode()
    )
    assert "Record the release on this case" in page
    client_for(world.charlie).post(f"/cases/{south_case.pk}/people/{south_suspect.pk}/release/", {"trigger": theirs.pk})
    assert ReleaseTrigger.objects.get(pk=theirs.pk).event_id is not None
    # The management plan must be in place a set number of days before the release.
    plan = PerpetratorPlan.objects.get()
    assert plan.due_by == release - timedelta(days=7)
    # A moved date is kept in the history.
    client.post(
        base(world) + "custody/",
        {"status": "sentenced", "expected_release_on": day(25), "reason": "Parole board decision"},
    )
    assert CustodyChange.objects.filter(custody=custody).count() == 2


def test_the_plan_names_a_spoc_and_tactics_and_its_reviews_are_decisions(world: World) -> None:
    client = client_for(world.alice)
    client.get(base(world) + "plan/")  # the index catches up with the case on the first look
    before = snapshot()
    bad = client.post(base(world) + "plan/", {"tactics": ["not_a_tactic"]})
    assert "There is a problem" in bad.content.decode()
    assert {k: v for k, v in snapshot().items() if not k.startswith("audit.")} == {
        k: v for k, v in before.items() if not k.startswith("audit.")
    }
    response = client.post(
        base(world) + "plan/",
        {"spoc": world.bob.pk, "tactics": ["police_checks", "mappa_iom"], "links": "MAPPA level 2"},
    )
    assert response.status_code == 302
    plan = PerpetratorPlan.objects.get()
    assert plan.spoc == world.bob
    assert plan.tactics == ["police_checks", "mappa_iom"]
    page = client.get(base(world) + "management/").content.decode()
    assert "Regular police checks" in page
    client.post(base(world) + "plan/review/", {"decision": "Keep checks weekly", "next_review_on": day(28)})
    assert plan.reviews.get().decision == "Keep checks weekly"
    assert AuditEvent.objects.filter(verb=Verb.PERPETRATOR_PLAN_REVIEWED).exists()


def test_another_cases_orders_never_show_on_this_case(world: World) -> None:
    world_perpetrator(world)
    south_case = Case.objects.get(team=world.south)
    south_suspect = south_case.people.get(role="suspect")
    client_for(world.charlie).post(
        f"/cases/{south_case.pk}/people/{south_suspect.pk}/orders/new/",
        {"kind": "restraining", "conditions_plain": "Must not go near Rita's workplace", "starts_on": day(-1)},
    )
    page = client_for(world.alice).get(base(world) + "management/").content.decode()
    assert "Rita" not in page
    assert "No orders recorded on this case." in page


def test_a_release_recorded_months_ahead_reaches_the_cases_when_it_comes_near(world: World) -> None:
    world_perpetrator(world)
    client = client_for(world.alice)
    client.post(
        base(world) + "custody/", {"status": "sentenced", "expected_release_on": day(120), "reason": "Sentence"}
    )
    assert not ReleaseTrigger.objects.exists()
    assert releases_reach_cases() == 0
    # Time passes: the release is now three weeks away.
    assert releases_reach_cases(today=timezone.localdate() + timedelta(days=100)) == 2
    assert releases_reach_cases(today=timezone.localdate() + timedelta(days=100)) == 0
    # Each notice is recorded on its case for the case's own holder, with the obligations to tell the
    # victim, reassess and review the plan: nobody has to open the page for them to exist.
    triggers = list(ReleaseTrigger.objects.select_related("case"))
    assert len(triggers) == 2
    assert None not in {t.event_id for t in triggers}
    for trigger in triggers:
        event = CaseEvent.objects.get(pk=trigger.event_id)
        assert "Recorded automatically" in event.details
        assert event.recorded_by_id in (trigger.case.responsible_officer_id, trigger.case.spoc_id)
        kinds = set(Obligation.objects.filter(event=event).values_list("kind", flat=True))
        assert {"notify", "reassess", "review_plan"} <= kinds
    assert PerpetratorPlan.objects.get().due_by == timezone.localdate() + timedelta(days=113)
    assert AuditEvent.objects.filter(verb=Verb.RELEASE_TRIGGERED, actor_label="tick").exists()


def test_an_order_recorded_months_ahead_becomes_a_trigger_point_by_itself_when_its_end_comes_near(
    world: World,
) -> None:
    client = client_for(world.alice)
    client.post(
        base(world) + "orders/new/",
        {"kind": "spo", "conditions_plain": "Must not follow her", "starts_on": day(-10), "expires_on": day(200)},
    )
    order = Order.objects.get()
    # Not yet near: the tick leaves it alone.
    assert order_expiries_reach_cases() == {"orders": 0, "stuck": 0}
    assert order.expiry_event_id is None
    # Time passes: the order now ends in ten days. Nobody opens the perpetrator's page.
    Order.objects.filter(pk=order.pk).update(expires_on=timezone.localdate() + timedelta(days=10))
    assert order_expiries_reach_cases() == {"orders": 1, "stuck": 0}
    order.refresh_from_db()
    event = CaseEvent.objects.get(pk=order.expiry_event_id)
    assert event.type == "court_order_expiring"
    assert event.recorded_by_id == world.alice.pk
    assert "Recorded automatically" in event.details
    kinds = set(Obligation.objects.filter(event=event).values_list("kind", flat=True))
    assert {"notify", "reassess", "review_plan"} <= kinds
    tick_row = AuditEvent.objects.get(verb=Verb.ORDER_EXPIRY_TRIGGERED)
    assert tick_row.actor_id is None
    assert tick_row.actor_label == "tick"
    assert tick_row.case_id == world.case.pk
    # Once only.
    assert order_expiries_reach_cases() == {"orders": 0, "stuck": 0}
    assert CaseEvent.objects.filter(type="court_order_expiring").count() == 1


def test_an_order_on_a_closed_case_or_one_nobody_can_edit_is_not_triggered_by_the_tick(world: World) -> None:
    client = client_for(world.alice)
    client.post(
        base(world) + "orders/new/",
        {"kind": "spo", "conditions_plain": "Must not follow her", "starts_on": day(-10), "expires_on": day(200)},
    )
    Order.objects.update(expires_on=timezone.localdate() + timedelta(days=10))
    case = Case.objects.get(pk=world.case.pk)
    holders = [pk for pk in (world.alice.pk, case.responsible_officer_id, case.spoc_id) if pk is not None]
    # Everyone who could record it has left: the tick does not record it for someone else; it says so.
    User.objects.filter(pk__in=holders).update(is_active=False)
    assert order_expiries_reach_cases() == {"orders": 0, "stuck": 1}
    User.objects.filter(pk__in=holders).update(is_active=True)
    Case.objects.filter(pk=world.case.pk).update(status=Case.Status.CLOSED, closed_at=timezone.now())
    assert order_expiries_reach_cases() == {"orders": 0, "stuck": 0}
    assert not CaseEvent.objects.filter(type="court_order_expiring").exists()
