"""The neighbourhood policing briefing: the items 002 names, for cases heard at MARAC, never the victim's places."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Person
from safeplan.marac.models import AgendaItem, MaracMeeting
from safeplan.personas import SECRET_ADDRESS, World
from safeplan.testing.lists import assert_bounded
from safeplan.testing.marac import marac_world, world_item
from safeplan.testing.signin import sign_in_verified


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def heard_in_neighbourhood(world: World) -> AgendaItem:
    item = world_item(world)
    AgendaItem.objects.filter(pk=item.pk).update(neighbourhood=marac_world(world).neighbourhood)
    MaracMeeting.objects.filter(pk=item.meeting_id).update(meets_at=timezone.now() - timedelta(days=2))
    Person.objects.create(
        case=world.case, role=Person.Role.CHILD, full_name="Cara Child", date_of_birth=date(2019, 3, 1)
    )
    return AgendaItem.objects.get(pk=item.pk)


def test_the_briefing_names_victim_perpetrator_and_children_and_never_the_address(world: World) -> None:
    heard_in_neighbourhood(world)
    path = f"/marac/briefings/{marac_world(world).neighbourhood.pk}/"
    page = signed_in(world.charlie).get(path).content.decode()
    assert "Vicky Victim" in page
    assert "Sam Suspect" in page
    assert "Cara Child" in page
    assert SECRET_ADDRESS not in page
    event = AuditEvent.objects.get(verb=Verb.MARAC_BRIEFING_VIEWED)
    assert event.detail["cases"] == [world.case.pk]
    assert event.actor == world.charlie


def test_a_case_not_yet_heard_or_closed_is_not_in_the_briefing(world: World) -> None:
    item = heard_in_neighbourhood(world)
    path = f"/marac/briefings/{marac_world(world).neighbourhood.pk}/"
    MaracMeeting.objects.filter(pk=item.meeting_id).update(meets_at=timezone.now() + timedelta(days=2))
    assert "Vicky Victim" not in signed_in(world.alice).get(path).content.decode()
    MaracMeeting.objects.filter(pk=item.meeting_id).update(meets_at=timezone.now() - timedelta(days=2))
    AgendaItem.objects.filter(pk=item.pk).update(closed_at=timezone.now(), closed_by=world.mark)
    assert "Vicky Victim" not in signed_in(world.alice).get(path).content.decode()


def test_partners_and_other_roles_get_404(world: World) -> None:
    heard_in_neighbourhood(world)
    path = f"/marac/briefings/{marac_world(world).neighbourhood.pk}/"
    for user in (world.pat, world.ida, world.wendy, world.olga, world.adam):
        assert signed_in(user).get(path).status_code == 404
        assert signed_in(user).get("/marac/briefings/").status_code == 404


def test_the_briefing_stays_the_same_size(world: World, settings: object) -> None:
    settings.LIST_PAGE_SIZE = 3  # type: ignore[attr-defined]
    item = heard_in_neighbourhood(world)

    def add(n: int) -> None:
        for _ in range(n):
            case = world.case
            case.pk = None
            case.reference = f"SP-TEST-B{AgendaItem.objects.count():04d}"
            case.save()
            for role, name in (("victim", "Synthetic victim"), ("suspect", "Synthetic suspect"), ("child", "Kid")):
                Person.objects.create(case=case, role=role, full_name=name)
            copy = AgendaItem.objects.get(pk=item.pk)
            referral = copy.referral
            referral.pk = None
            referral.case = case
            referral.save()
            copy.pk = None
            copy.referral = referral
            copy.case = case
            copy.position = AgendaItem.objects.count() + 1
            copy.save()

    assert_bounded(signed_in(world.alice), f"/marac/briefings/{marac_world(world).neighbourhood.pk}/", add, page=3)
