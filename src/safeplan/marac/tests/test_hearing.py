"""A case heard at MARAC: private research, the chair's record, the meeting held, minutes, the victim told, closure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.domain.workdays import working_day_deadline
from safeplan.marac.models import AgendaItem, MaracAction, MaracMeeting, ResearchNote, VictimUpdate
from safeplan.marac.services import hearing, research
from safeplan.marac.services import meetings as meeting_services
from safeplan.personas import World
from safeplan.testing.access import snapshot
from safeplan.testing.marac import world_action, world_item
from safeplan.testing.signin import sign_in_verified


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def circulated(world: World) -> AgendaItem:
    item = world_item(world)
    meeting_services.agency_invite(actor=world.mark, meeting=item.meeting, agency=world.health)
    meeting_services.agency_invite(actor=world.mark, meeting=item.meeting, agency=world.housing)
    meeting_services.agenda_circulate(actor=world.mark, meeting=item.meeting)
    for user in (world.pat, world.hana):
        meeting_services.confidentiality_acknowledge(actor=user, meeting=item.meeting)
    return AgendaItem.objects.select_related("meeting__area", "case").get(pk=item.pk)


def meeting_started(item: AgendaItem) -> AgendaItem:
    MaracMeeting.objects.filter(pk=item.meeting_id).update(meets_at=timezone.now() - timedelta(hours=1))
    return AgendaItem.objects.select_related("meeting__area", "case").get(pk=item.pk)


def test_research_is_private_to_the_agency_until_marked_to_share_and_the_meeting_starts(world: World) -> None:
    item = circulated(world)
    health, housing = signed_in(world.pat), signed_in(world.hana)
    path = f"/marac/shared/{item.pk}/research/"
    form = health.get(path).context["form"]
    submission = form.fields["submission"].initial()
    for kind, text, share in (
        ("fact", "Synthetic: A&E visit in March with bruising", True),
        ("opinion", "Synthetic: she seemed frightened to go home", False),
    ):
        response = health.post(path, {"kind": kind, "text": text, "share": "on" if share else "", "submission": ""})
        assert response.status_code == 200  # no token: refused as stale, nothing saved
    assert not ResearchNote.objects.exists()
    for kind, text, share in (
        ("fact", "Synthetic: A&E visit in March with bruising", True),
        ("opinion", "Synthetic: she seemed frightened to go home", False),
    ):
        token = str(health.get(path).context["form"].fields["submission"].initial())
        data = {"kind": kind, "text": text, "submission": token, **({"share": "on"} if share else {})}
        assert health.post(path, data).status_code == 302
        assert health.post(path, data).status_code == 302  # a double click makes one note
    assert ResearchNote.objects.count() == 2
    assert submission is not None
    # Housing sees neither note in its own workspace, nor on the case before the meeting.
    assert "A&amp;E visit" not in housing.get(path).content.decode()
    assert "A&amp;E visit" not in housing.get(f"/marac/shared/{item.pk}/").content.decode()
    # From the start of the meeting the shared fact shows to everyone who sees the case; the opinion never does.
    meeting_started(item)
    page = housing.get(f"/marac/shared/{item.pk}/").content.decode()
    assert "A&amp;E visit" in page
    assert "frightened to go home" not in page
    assert "frightened to go home" not in signed_in(world.mark).get(f"/marac/shared/{item.pk}/").content.decode()
    assert "frightened to go home" in health.get(path).content.decode()
    added = AuditEvent.objects.filter(verb=Verb.MARAC_RESEARCH_ADDED, actor=world.pat)
    assert added.count() == 2
    assert all(e.case_id == world.case.pk for e in added)


def test_withheld_research_needs_a_reason_and_is_never_shared(world: World) -> None:
    item = circulated(world)
    with pytest.raises(ValidationError) as refused:
        research.research_add(actor=world.pat, item=item, kind="withheld", text="Synthetic: a mental health note")
    assert "withheld_reason" in refused.value.message_dict
    with pytest.raises(ValidationError):
        research.research_add(
            actor=world.pat, item=item, kind="withheld", text="x", withheld_reason="Third party", share=True
        )
    assert not ResearchNote.objects.exists()
    note = research.research_add(
        actor=world.pat, item=item, kind="withheld", text="Synthetic: a note", withheld_reason="Third party data"
    )
    assert note.share is False


def test_a_bad_research_note_gets_an_error_summary_and_changes_nothing(world: World) -> None:
    item = circulated(world)
    client = signed_in(world.pat)
    token = str(client.get(f"/marac/shared/{item.pk}/research/").context["form"].fields["submission"].initial())
    before = snapshot()
    response = client.post(f"/marac/shared/{item.pk}/research/", {"kind": "withheld", "text": "", "submission": token})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    after = snapshot()
    after.pop("audit.AuditEvent", None)
    before.pop("audit.AuditEvent", None)
    assert after == before


def test_the_chair_records_summary_and_risks_and_a_stale_save_is_refused(world: World) -> None:
    item = circulated(world)
    client = signed_in(world.mark)
    path = f"/marac/shared/{item.pk}/record/"
    assert signed_in(world.pat).get(path).status_code == 404
    first = {"version": str(item.version), "summary": "Synthetic summary", "risks": "Synthetic risk: escalation"}
    assert client.post(path, first).status_code == 302
    stale = client.post(path, {**first, "summary": "Overwrite"})
    assert stale.status_code == 200
    item.refresh_from_db()
    assert item.summary == "Synthetic summary"
    assert AuditEvent.objects.filter(verb=Verb.MARAC_CASE_RECORDED).count() == 1


def test_holding_the_meeting_sets_the_minutes_deadline_and_the_minutes_are_restricted(world: World) -> None:
    item = meeting_started(circulated(world))
    research.research_add(actor=world.pat, item=item, kind="fact", text="Synthetic: shared fact", share=True)
    research.research_add(actor=world.pat, item=item, kind="opinion", text="Synthetic: kept opinion")
    client = signed_in(world.mark)
    assert client.get(f"/marac/meetings/{item.meeting_id}/minutes/").status_code == 404  # not held yet
    assert client.post(f"/marac/meetings/{item.meeting_id}/held/").status_code == 302
    meeting = MaracMeeting.objects.get(pk=item.meeting_id)
    assert meeting.held_at is not None
    assert meeting.minutes_due_at == working_day_deadline(meeting.held_at, 3, "england-and-wales")
    page = client.get(f"/marac/meetings/{item.meeting_id}/minutes/").content.decode()
    assert "RESTRICTED" in page
    assert "Synthetic: shared fact" in page
    assert "kept opinion" not in page
    assert AuditEvent.objects.filter(verb=Verb.MARAC_MINUTES_VIEWED, actor=world.mark).exists()
    for outsider in (world.pat, world.south_marac, world.alice):
        assert signed_in(outsider).get(f"/marac/meetings/{item.meeting_id}/minutes/").status_code == 404
    assert client.post(f"/marac/meetings/{item.meeting_id}/minutes/issue/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_issued_by == world.mark
    assert AuditEvent.objects.filter(verb=Verb.MARAC_MINUTES_ISSUED).count() == 1


def test_a_meeting_cannot_be_recorded_as_held_before_its_day(world: World) -> None:
    item = circulated(world)
    with pytest.raises(ValidationError):
        hearing.meeting_held(actor=world.mark, meeting=item.meeting)
    assert MaracMeeting.objects.get(pk=item.meeting_id).held_at is None


def test_the_minutes_cost_the_same_queries_whatever_the_number_of_cases(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item = meeting_started(circulated(world))
    hearing.meeting_held(actor=world.mark, meeting=item.meeting)
    client = signed_in(world.mark)
    path = f"/marac/meetings/{item.meeting_id}/minutes/"

    def cost() -> int:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    def more_cases(n: int) -> None:
        for _ in range(n):
            copy = AgendaItem.objects.get(pk=item.pk)
            referral = copy.referral
            referral.pk = None
            referral.save()
            copy.pk = None
            copy.referral = referral
            copy.position = AgendaItem.objects.count() + 1
            copy.save()
            MaracAction.objects.create(
                item=copy,
                case=copy.case,
                part="victim",
                text="Synthetic action",
                agency=world.health,
                owner="Pat",
                due_on=timezone.localdate() + timedelta(days=7),
                created_by=world.mark,
            )
            ResearchNote.objects.create(
                item=copy, agency=world.health, kind="fact", text="Synthetic", share=True, written_by=world.pat
            )

    more_cases(1)
    small = cost()
    more_cases(6)
    assert cost() == small


def test_the_victim_is_told_only_by_a_channel_the_arrangement_allows(world: World) -> None:
    item = meeting_started(circulated(world))
    client = signed_in(world.bob)
    path = f"/cases/{world.case.pk}/marac/items/{item.pk}/victim/"
    assert "Record what the victim was told" not in client.get(f"/cases/{world.case.pk}/").content.decode()
    hearing.meeting_held(actor=world.mark, meeting=item.meeting)
    assert "Record what the victim was told" in client.get(f"/cases/{world.case.pk}/").content.decode()
    token = str(client.get(path).context["form"].fields["submission"].initial())
    told = timezone.localtime() - timedelta(minutes=10)
    data = {
        "told_on": told.strftime("%d/%m/%Y"),
        "told_time": told.strftime("%H:%M"),
        "channel": "voicemail",
        "passed_on": "Synthetic: a marker is on the address; housing will call.",
        "submission": token,
    }
    refused = client.post(path, data)
    assert refused.status_code == 200
    assert "You cannot use this channel" in refused.content.decode()
    assert not VictimUpdate.objects.exists()
    assert AuditEvent.objects.filter(verb=Verb.CONTACT_REFUSED, actor=world.bob).count() == 1
    assert client.post(path, {**data, "channel": "phone_call"}).status_code == 302
    update = VictimUpdate.objects.get()
    assert (update.channel, update.recorded_by) == ("phone_call", world.bob)
    assert AuditEvent.objects.filter(verb=Verb.MARAC_VICTIM_TOLD, case_id=world.case.pk).count() == 1
    # Only the case's own team records it; partners and outsiders get 404.
    for outsider in (world.pat, world.charlie):
        assert signed_in(outsider).get(path).status_code == 404


def test_a_case_closes_at_marac_only_when_its_actions_are_closed(world: World) -> None:
    action = world_action(world)
    item = meeting_started(AgendaItem.objects.get(pk=action.item_id))
    hearing.meeting_held(actor=world.mark, meeting=item.meeting)
    item = AgendaItem.objects.select_related("meeting__area", "case").get(pk=item.pk)
    client = signed_in(world.mark)
    refused = client.post(f"/marac/shared/{item.pk}/close/", {"note": "Synthetic: risk reduced"})
    assert refused.status_code == 200
    assert "still open" in refused.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).closed_at is None
    MaracAction.objects.filter(pk=action.pk).update(state="done", closed_at=timezone.now(), closed_by=world.mark)
    assert client.post(f"/marac/shared/{item.pk}/close/", {"note": "Synthetic: risk reduced"}).status_code == 302
    closed = AgendaItem.objects.get(pk=item.pk)
    assert closed.closed_by == world.mark
    assert AuditEvent.objects.filter(verb=Verb.MARAC_CASE_CLOSED, case_id=world.case.pk).count() == 1


def test_an_open_action_is_carried_forward_onto_the_cases_next_hearing(world: World) -> None:
    from safeplan.testing.marac import marac_world, refer

    action = world_action(world)
    later = meeting_services.meeting_create(
        actor=world.mark, area=marac_world(world).area, meets_at=timezone.now() + timedelta(days=35)
    )
    again = meeting_services.referral_accept(actor=world.mark, referral=refer(world), meeting=later)
    meeting_services.agenda_circulate(actor=world.mark, meeting=later)
    assert MaracAction.objects.get(pk=action.pk).carried_to == later
    page = signed_in(world.mark).get(f"/marac/shared/{again.pk}/").content.decode()
    assert "Synthetic: a marker on the address" in page


def test_invited_partners_read_the_minutes_once_issued_and_only_while_they_need_to(world: World) -> None:
    item = meeting_started(circulated(world))
    meeting = hearing.meeting_held(actor=world.mark, meeting=item.meeting)
    path = f"/marac/meetings/{meeting.pk}/minutes/"
    assert signed_in(world.pat).get(path).status_code == 404  # not issued yet
    hearing.minutes_issue(actor=world.mark, meeting=meeting)
    page = signed_in(world.pat).get(path)
    assert page.status_code == 200
    assert "RESTRICTED" in page.content.decode()
    assert AuditEvent.objects.filter(verb=Verb.MARAC_MINUTES_VIEWED, actor=world.pat).count() == 1
    assert signed_in(world.una).get(path).status_code == 404  # probation: not invited, not a signatory
    MaracMeeting.objects.filter(pk=meeting.pk).update(meets_at=timezone.now() - timedelta(days=15))
    assert signed_in(world.pat).get(path).status_code == 404  # the access period has ended
