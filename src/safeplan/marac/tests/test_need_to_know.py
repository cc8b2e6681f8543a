"""Need to know: a partner agency sees a case heard at MARAC only while it needs to, never its hidden places."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.marac.models import AgendaItem, MaracAction, MaracMeeting
from safeplan.marac.services import meetings as services
from safeplan.personas import World
from safeplan.testing.leaks import crawl, leaks_in
from safeplan.testing.marac import marac_world, world_item
from safeplan.testing.signin import sign_in_verified


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def circulated_with_health(world: World) -> AgendaItem:
    item = world_item(world)
    services.agency_invite(actor=world.mark, meeting=item.meeting, agency=world.health)
    services.agenda_circulate(actor=world.mark, meeting=item.meeting)
    item.meeting.refresh_from_db()
    return item


def test_an_invited_partner_sees_nothing_before_the_agenda_is_circulated(world: World) -> None:
    item = world_item(world)
    services.agency_invite(actor=world.mark, meeting=item.meeting, agency=world.health)
    client = signed_in(world.pat)
    assert client.get(f"/marac/shared/{item.pk}/").status_code == 404
    assert world.case.reference not in client.get("/marac/shared/").content.decode()


def test_after_circulation_the_partner_acknowledges_confidentiality_then_sees_the_case(world: World) -> None:
    item = circulated_with_health(world)
    client = signed_in(world.pat)
    assert world.case.reference in client.get("/marac/shared/").content.decode()
    first = client.get(f"/marac/shared/{item.pk}/").content.decode()
    assert "Confidentiality statement" in first
    assert "Sam Suspect" not in first
    assert not AuditEvent.objects.filter(verb=Verb.MARAC_CASE_VIEWED).exists()
    client.post(f"/marac/shared/{item.pk}/acknowledge/")
    page = client.get(f"/marac/shared/{item.pk}/").content.decode()
    assert "Restricted" in page
    assert "Sam Suspect" in page
    assert AuditEvent.objects.filter(verb=Verb.MARAC_CONFIDENTIALITY_ACKNOWLEDGED, actor=world.pat).count() == 1
    viewed = AuditEvent.objects.get(verb=Verb.MARAC_CASE_VIEWED)
    assert (viewed.actor, viewed.case_id) == (world.pat, world.case.pk)
    assert item.meeting.attendance.get(user=world.pat).acknowledged_at is not None


def test_an_agency_not_invited_or_not_signed_sees_nothing(world: World) -> None:
    item = circulated_with_health(world)
    for user in (world.hana, world.una):
        client = signed_in(user)
        assert client.get(f"/marac/shared/{item.pk}/").status_code == 404
        assert world.case.reference not in client.get("/marac/shared/").content.decode()


def test_access_ends_after_the_set_days_unless_the_agency_holds_an_open_action(world: World) -> None:
    item = circulated_with_health(world)
    area = marac_world(world).area
    MaracMeeting.objects.filter(pk=item.meeting_id).update(
        meets_at=timezone.now() - timedelta(days=area.access_days_after + 1)
    )
    client = signed_in(world.pat)
    assert client.get(f"/marac/shared/{item.pk}/").status_code == 404
    action = MaracAction.objects.create(
        item=item,
        case=item.case,
        part=MaracAction.Part.VICTIM,
        text="Synthetic: GP to flag the record",
        agency=world.health,
        owner="Pat",
        due_on=timezone.localdate() + timedelta(days=7),
        created_by=world.mark,
    )
    assert client.get(f"/marac/shared/{item.pk}/").status_code in (200,)
    MaracAction.objects.filter(pk=action.pk).update(state=MaracAction.State.DONE, closed_at=timezone.now())
    assert client.get(f"/marac/shared/{item.pk}/").status_code == 404


def test_withdrawing_the_signature_ends_access_at_once(world: World) -> None:
    item = circulated_with_health(world)
    marac_world(world).protocol.signatures.filter(agency=world.health).delete()
    assert signed_in(world.pat).get(f"/marac/shared/{item.pk}/").status_code == 404


def test_a_partner_never_reaches_the_victims_hidden_address_or_the_case_pages(world: World) -> None:
    item = circulated_with_health(world)
    client = signed_in(world.pat)
    client.post(f"/marac/shared/{item.pk}/acknowledge/")
    pages = crawl(client, world)
    assert pages.get(f"/marac/shared/{item.pk}/"), "the crawl reached the shared case"
    leaked = {path: leaks_in(html) for path, html in pages.items() if leaks_in(html)}
    assert leaked == {}
    assert client.get(f"/cases/{world.case.pk}/").status_code == 404


def _shared_queries(world: World) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(world.pat)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/marac/shared/").status_code == 200
    return len(queries)


def test_the_shared_list_does_not_add_queries_per_case(world: World) -> None:
    from safeplan.testing.marac import refer

    item = circulated_with_health(world)
    few = _shared_queries(world)
    for _ in range(5):
        services.referral_accept(actor=world.mark, referral=refer(world), meeting=item.meeting)
    assert AgendaItem.objects.count() == 6
    assert _shared_queries(world) == few
