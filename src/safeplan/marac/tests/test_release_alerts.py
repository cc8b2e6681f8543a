"""A perpetrator's coming release alerts the MARAC that heard the case (issue 18), and only its coordinators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.marac.models import ReleaseAlert
from safeplan.perpetrators.management import custody_save
from safeplan.perpetrators.models import ReleaseTrigger
from safeplan.personas import World
from safeplan.testing.lists import assert_bounded
from safeplan.testing.marac import world_item, world_release_alert
from safeplan.testing.perpetrators import world_perpetrator
from safeplan.testing.signin import sign_in_verified


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def test_a_release_on_a_case_heard_at_marac_alerts_the_area_coordinator(
    world: World, django_capture_on_commit_callbacks: pytest.FixtureRequest
) -> None:
    item = world_item(world)
    world_perpetrator(world)
    release = timezone.localdate() + timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        custody_save(
            actor=world.alice,
            case=world.case,
            person=world.suspect,
            status="sentenced",
            reason="Synthetic prison release notice",
            expected_release_on=release,
        )
    alert = ReleaseAlert.objects.get()
    assert (alert.area_id, alert.item_id, alert.case_id, alert.release_on) == (
        item.meeting.area_id,
        item.pk,
        world.case.pk,
        release,
    )
    audit = AuditEvent.objects.get(verb=Verb.MARAC_RELEASE_ALERTED)
    assert audit.case_id == world.case.pk
    assert audit.detail["to"] == [world.mark.pk]
    # The coordinator is told by mail (the reference and the date, nothing about the victim).
    sent = [m for m in mail.outbox if world.mark.email in m.to]
    assert len(sent) == 1
    assert world.case.reference in sent[0].body
    assert "Vicky" not in sent[0].body
    # The other release notice (Team South's case, never heard at MARAC) alerts nobody.
    assert ReleaseTrigger.objects.count() == 2
    page = signed_in(world.mark).get("/marac/releases/").content.decode()
    assert world.case.reference in page
    assert release.strftime("%-d %b %Y") in page


def test_no_alert_for_a_case_never_heard_at_marac(world: World) -> None:
    world_perpetrator(world)
    custody_save(
        actor=world.alice,
        case=world.case,
        person=world.suspect,
        status="sentenced",
        reason="Synthetic prison release notice",
        expected_release_on=timezone.localdate() + timedelta(days=20),
    )
    assert ReleaseTrigger.objects.exists()
    assert not ReleaseAlert.objects.exists()


def test_only_the_area_coordinators_see_and_deal_with_the_alert(world: World) -> None:
    alert = world_release_alert(world)
    for outsider in (world.south_marac, world.alice, world.pat, world.adam):
        client = signed_in(outsider)
        assert world.case.reference not in client.get("/marac/releases/").content.decode()
        assert client.post(f"/marac/releases/{alert.pk}/dealt-with/").status_code == 404
    assert ReleaseAlert.objects.get().dealt_with_at is None
    client = signed_in(world.mark)
    assert client.post(f"/marac/releases/{alert.pk}/dealt-with/").status_code == 302
    alert.refresh_from_db()
    assert alert.dealt_with_by == world.mark
    assert AuditEvent.objects.filter(verb=Verb.MARAC_RELEASE_DEALT_WITH, actor=world.mark).count() == 1
    assert world.case.reference not in client.get("/marac/releases/").content.decode()
    assert world.case.reference in client.get("/marac/releases/?show=dealt_with").content.decode()
    # A second click changes nothing.
    client.post(f"/marac/releases/{alert.pk}/dealt-with/")
    assert AuditEvent.objects.filter(verb=Verb.MARAC_RELEASE_DEALT_WITH).count() == 1


def test_the_alert_list_stays_the_same_size(world: World, settings: object) -> None:
    settings.LIST_PAGE_SIZE = 3  # type: ignore[attr-defined]
    alert = world_release_alert(world)

    def add(n: int) -> None:
        for _ in range(n):
            copy = ReleaseAlert.objects.get(pk=alert.pk)
            trigger = ReleaseTrigger.objects.get(pk=copy.trigger_id)
            trigger.pk = None
            trigger.release_on = trigger.release_on + timedelta(days=ReleaseTrigger.objects.count())
            trigger.save()
            copy.pk = None
            copy.trigger = trigger
            copy.save()

    assert_bounded(signed_in(world.mark), "/marac/releases/", add, page=3)


def test_a_release_already_on_the_case_alerts_the_marac_it_comes_to_later(world: World) -> None:
    from safeplan.marac.services.meetings import referral_accept
    from safeplan.testing.marac import refer, world_meeting

    world_perpetrator(world)
    custody_save(
        actor=world.alice,
        case=world.case,
        person=world.suspect,
        status="sentenced",
        reason="Synthetic prison release notice",
        expected_release_on=timezone.localdate() + timedelta(days=20),
    )
    assert not ReleaseAlert.objects.exists()
    item = referral_accept(actor=world.mark, referral=refer(world), meeting=world_meeting(world))
    alert = ReleaseAlert.objects.get()
    assert (alert.item_id, alert.area_id) == (item.pk, item.meeting.area_id)
