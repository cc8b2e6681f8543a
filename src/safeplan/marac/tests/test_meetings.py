"""Meetings: a coordinator arranges one, accepts referrals onto its agenda, invites signatories, circulates it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.domain import maracmeeting as rules
from safeplan.marac.models import AgendaItem, Attendance, MaracMeeting, MaracReferral, MeetingInvitation
from safeplan.marac.services import meetings as services
from safeplan.personas import World
from safeplan.testing.access import snapshot
from safeplan.testing.marac import marac_world, refer, world_meeting
from safeplan.testing.signin import sign_in_verified

LONDON = ZoneInfo("Europe/London")


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def test_the_agenda_closes_working_days_before_the_meeting() -> None:
    # Tuesday 29 December 2026: Christmas, Boxing Day (moved to Monday 28) and the weekend are skipped.
    assert rules.agenda_cutoff(date(2026, 12, 29), 1, "england-and-wales") == date(2026, 12, 24)
    assert rules.agenda_cutoff(date(2026, 12, 29), 0, "england-and-wales") == date(2026, 12, 29)
    # A meeting on a Saturday closes from the Friday before.
    assert rules.agenda_cutoff(date(2026, 12, 5), 0, "england-and-wales") == date(2026, 12, 4)
    with pytest.raises(ValueError, match="0 or more"):
        rules.agenda_cutoff(date(2026, 12, 29), -1, "england-and-wales")


def test_a_partner_sees_a_case_only_while_it_needs_to() -> None:
    meeting_at = datetime(2026, 3, 10, 10, tzinfo=LONDON)
    circulated = meeting_at - timedelta(days=5)
    common = {"meeting_at": meeting_at, "days_after": 14}
    assert not rules.partner_may_see(
        meeting_at, signed=True, invited=True, circulated_at=None, open_actions=0, **common
    )
    assert rules.partner_may_see(
        meeting_at, signed=True, invited=True, circulated_at=circulated, open_actions=0, **common
    )
    after = meeting_at + timedelta(days=15)
    assert not rules.partner_may_see(
        after, signed=True, invited=True, circulated_at=circulated, open_actions=0, **common
    )
    assert rules.partner_may_see(after, signed=True, invited=False, circulated_at=None, open_actions=1, **common)
    assert not rules.partner_may_see(
        after, signed=False, invited=True, circulated_at=circulated, open_actions=1, **common
    )


def test_a_coordinator_arranges_a_meeting_and_the_host_is_invited(world: World) -> None:
    area = marac_world(world).area
    day = timezone.localdate() + timedelta(days=10)
    response = signed_in(world.mark).post(
        "/marac/meetings/new/",
        {"area": area.pk, "meets_on": day.strftime("%d %m %Y"), "meets_time": "10:00", "venue": "Room 1"},
    )
    meeting = MaracMeeting.objects.get()
    assert response.status_code == 302
    assert meeting.meets_on == day
    assert list(meeting.invitations.values_list("agency", flat=True)) == [world.agency.pk]
    assert AuditEvent.objects.filter(verb=Verb.MARAC_MEETING_CREATED, actor=world.mark).count() == 1


def test_a_meeting_in_the_past_is_refused_and_nothing_is_made(world: World) -> None:
    area = marac_world(world).area
    client = signed_in(world.mark)
    before = snapshot()
    day = timezone.localdate() - timedelta(days=1)
    html = client.post(
        "/marac/meetings/new/", {"area": area.pk, "meets_on": day.strftime("%d %m %Y"), "meets_time": "10:00"}
    ).content.decode()
    assert "govuk-error-summary" in html
    assert "must be in the future" in html
    assert snapshot() == before


def test_accepting_puts_the_case_on_the_agenda_and_the_referrer_sees_it(world: World) -> None:
    referral = refer(world)
    meeting = world_meeting(world)
    response = signed_in(world.mark).post(
        f"/marac/referrals/{referral.pk}/accept/",
        {"meeting": meeting.pk, "neighbourhood": marac_world(world).neighbourhood.pk},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert (item.meeting, item.case, item.position) == (meeting, world.case, 1)
    referral.refresh_from_db()
    assert referral.status == MaracReferral.Status.ACCEPTED
    html = signed_in(world.alice).get(f"/cases/{world.case.pk}/marac/referrals/{referral.pk}/").content.decode()
    assert "Accepted onto a meeting" in html
    assert AuditEvent.objects.filter(verb=Verb.MARAC_REFERRAL_ACCEPTED, case_id=world.case.pk).count() == 1
    agenda = signed_in(world.mark).get(f"/marac/meetings/{meeting.pk}/").content.decode()
    assert world.case.reference in agenda
    assert "Testborough Central" in agenda
    # Accepted once only.
    again = signed_in(world.mark).post(f"/marac/referrals/{referral.pk}/accept/", {"meeting": meeting.pk})
    assert again.status_code == 404


def test_a_case_added_after_the_agenda_went_out_is_marked_late(world: World) -> None:
    meeting = world_meeting(world)
    first = services.referral_accept(actor=world.mark, referral=refer(world), meeting=meeting)
    services.agenda_circulate(actor=world.mark, meeting=meeting)
    meeting.refresh_from_db()
    second = services.referral_accept(actor=world.mark, referral=refer(world), meeting=meeting)
    assert (first.late, second.late, second.position) == (False, True, 2)
    assert "Late addition" in signed_in(world.mark).get(f"/marac/meetings/{meeting.pk}/").content.decode()


def test_only_a_signatory_of_the_protocol_can_be_invited(world: World) -> None:
    meeting = world_meeting(world)
    services.agency_invite(actor=world.mark, meeting=meeting, agency=world.health)
    with pytest.raises(ValidationError):
        services.agency_invite(actor=world.mark, meeting=meeting, agency=world.probation)
    with pytest.raises(PermissionDenied):
        services.agency_invite(actor=world.south_marac, meeting=meeting, agency=world.housing)
    client = signed_in(world.mark)
    before = snapshot()
    html = client.post(f"/marac/meetings/{meeting.pk}/invite/", {"agency": world.probation.pk}).content.decode()
    assert "govuk-error-summary" in html
    assert snapshot() == before
    assert set(MeetingInvitation.objects.values_list("agency", flat=True)) == {world.agency.pk, world.health.pk}
    assert AuditEvent.objects.filter(verb=Verb.MARAC_AGENCY_INVITED).count() == 1


def test_circulating_needs_a_case_and_happens_once(world: World) -> None:
    meeting = world_meeting(world)
    with pytest.raises(ValidationError):
        services.agenda_circulate(actor=world.mark, meeting=meeting)
    services.referral_accept(actor=world.mark, referral=refer(world), meeting=meeting)
    response = signed_in(world.mark).post(f"/marac/meetings/{meeting.pk}/circulate/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda_circulated_at is not None
    with pytest.raises(ValidationError):
        services.agenda_circulate(actor=world.mark, meeting=meeting)
    assert AuditEvent.objects.filter(verb=Verb.MARAC_AGENDA_CIRCULATED).count() == 1


def test_attendance_is_recorded_for_invited_agencies_only(world: World) -> None:
    meeting = world_meeting(world)
    services.agency_invite(actor=world.mark, meeting=meeting, agency=world.health)
    client = signed_in(world.mark)
    ok = client.post(
        f"/marac/meetings/{meeting.pk}/attendance/",
        {"agency": world.health.pk, "name": "Pat", "status": "apologies", "information_sent": "on"},
    )
    assert ok.status_code == 302
    attended = Attendance.objects.get()
    assert (attended.status, attended.information_sent) == ("apologies", True)
    before = snapshot()
    bad = client.post(f"/marac/meetings/{meeting.pk}/attendance/", {"agency": world.housing.pk, "name": ""})
    assert "govuk-error-summary" in bad.content.decode()
    assert snapshot() == before
    html = client.get(f"/marac/meetings/{meeting.pk}/").content.decode()
    assert "Sent apologies" in html


def test_partners_and_other_coordinators_see_no_meeting(world: World) -> None:
    meeting = world_meeting(world)
    for user in (world.pat, world.hana, world.una, world.south_marac, world.alice):
        client = signed_in(user)
        assert client.get("/marac/meetings/").status_code == 404 or meeting.pk not in [
            m.pk for m in client.get("/marac/meetings/").context["page"].rows
        ]
        assert client.get(f"/marac/meetings/{meeting.pk}/").status_code == 404


def _list_queries(world: World) -> int:
    client = signed_in(world.mark)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/marac/meetings/").status_code == 200
    return len(queries)


def test_the_meeting_list_does_not_add_queries_per_meeting(world: World) -> None:
    world_meeting(world)
    few = _list_queries(world)
    area = marac_world(world).area
    for days in range(22, 34):
        services.meeting_create(actor=world.mark, area=area, meets_at=timezone.now() + timedelta(days=days))
    assert _list_queries(world) == few


def _agenda_queries(world: World, meeting: MaracMeeting) -> int:
    client = signed_in(world.mark)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/marac/meetings/{meeting.pk}/").status_code == 200
    return len(queries)


def test_the_agenda_does_not_add_queries_per_case(world: World) -> None:
    meeting = world_meeting(world)
    services.referral_accept(actor=world.mark, referral=refer(world), meeting=meeting)
    few = _agenda_queries(world, meeting)
    for _ in range(5):
        services.referral_accept(actor=world.mark, referral=refer(world), meeting=meeting)
    assert _agenda_queries(world, meeting) == few
