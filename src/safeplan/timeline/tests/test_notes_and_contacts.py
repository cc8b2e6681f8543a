"""Case notes and the contact log.

A note is never edited, only corrected by a note that supersedes it with a reason. A contact is
checked against the safe contact arrangement by the same decisions as a notification; one the
arrangement does not allow is recorded only as an emergency with a reason, audited and shown
to the supervisor. One contact can answer several obligations to tell the victim at once.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from safeplan.appendonly import AppendOnlyError
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import SafeContact
from safeplan.domain.contact import SafeWindow
from safeplan.personas import World
from safeplan.testing.lists import assert_bounded
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.timeline import record
from safeplan.timeline.models import CaseNote, Contact, NotificationRecord, Obligation
from safeplan.timeline.notes import contact_record, note_correct, note_write

PAGE = 5


def signed_in(user: Any) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def a_weekday_at(hour: int) -> datetime:
    """Return a recent weekday at this hour, London time, in the past."""
    moment = timezone.localtime() - timedelta(days=7)
    while moment.weekday() > 4:
        moment -= timedelta(days=1)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def contact(world: World, **given: Any) -> Contact:
    values: dict[str, Any] = {
        "actor": world.bob,
        "case": world.case,
        "contacted_at": timezone.now() - timedelta(minutes=10),
        "channel": "phone_call",
        "direction": "outgoing",
        "outcome": "spoke",
        "summary": "Told her about the arrest and the bail conditions.",
    }
    values.update(given)
    return contact_record(**values)


def test_a_note_is_written_audited_and_listed(world: World) -> None:
    note = note_write(actor=world.alice, case=world.case, text="Spoke to the housing officer about the refuge place.")
    assert AuditEvent.objects.filter(verb=Verb.NOTE_WRITTEN, case_id=world.case.pk).count() == 1
    html = signed_in(world.bob).get(f"/cases/{world.case.pk}/notes/").content.decode()
    assert "housing officer" in html
    note.text = "changed"
    with pytest.raises(AppendOnlyError):
        note.save()


def test_an_empty_note_is_refused_with_nothing_saved(world: World) -> None:
    response = signed_in(world.alice).post(
        f"/cases/{world.case.pk}/notes/new/", {"text": "  ", "submission": str(uuid.uuid4())}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_correction_supersedes_the_note_with_a_reason_and_the_original_stays(world: World) -> None:
    note = note_write(actor=world.alice, case=world.case, text="Victim said the suspect came on Monday.")
    with pytest.raises(ValidationError) as caught:
        note_correct(actor=world.alice, note=note, text="Victim said Tuesday.", reason="")
    assert "reason" in caught.value.message_dict
    correction = note_correct(
        actor=world.alice, note=note, text="Victim said the suspect came on Tuesday.", reason="Misheard the day."
    )
    assert correction.supersedes == note
    assert CaseNote.objects.get(pk=note.pk).text == "Victim said the suspect came on Monday."
    audit = AuditEvent.objects.get(verb=Verb.NOTE_CORRECTED)
    assert audit.detail == {"supersedes": note.pk}
    with pytest.raises(ValidationError):
        note_correct(actor=world.bob, note=note, text="Wednesday, surely.", reason="A second correction.")
    html = signed_in(world.bob).get(f"/cases/{world.case.pk}/notes/").content.decode()
    assert "Monday" in html
    assert "Tuesday" in html
    assert "Misheard the day." in html
    assert "this is the original, kept in the history" in html


def test_a_double_submitted_note_is_saved_once(world: World) -> None:
    client = signed_in(world.alice)
    form = {"text": "Called the school about pick-up arrangements.", "submission": str(uuid.uuid4())}
    for _ in range(2):
        assert client.post(f"/cases/{world.case.pk}/notes/new/", form).status_code == 302
    assert CaseNote.objects.count() == 1


def test_a_contact_by_an_allowed_channel_is_logged_and_audited(world: World) -> None:
    logged = contact(world)
    assert not logged.against_arrangement
    assert AuditEvent.objects.filter(verb=Verb.CONTACT_RECORDED, case_id=world.case.pk).count() == 1


def test_a_forbidden_channel_is_refused_with_the_reason_and_the_refusal_audited(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        contact(world, channel="voicemail", outcome="message_left")
    assert "never to leave a voicemail" in caught.value.message_dict["channel"][0]
    assert not Contact.objects.exists()
    assert AuditEvent.objects.filter(verb=Verb.CONTACT_REFUSED, case_id=world.case.pk).count() == 1


def test_an_emergency_by_a_forbidden_channel_is_kept_with_its_reason_and_shown_to_the_supervisor(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        contact(world, channel="voicemail", outcome="message_left", emergency=True)
    assert "emergency_reason" in caught.value.message_dict
    logged = contact(
        world,
        channel="voicemail",
        outcome="message_left",
        emergency=True,
        emergency_reason="Suspect released early; her phone went to voicemail and she had to know now.",
    )
    assert logged.against_arrangement
    assert AuditEvent.objects.filter(verb=Verb.CONTACT_AGAINST_ARRANGEMENT, target_id=str(logged.pk)).exists()
    supervisor = signed_in(world.sue).get("/staff/").content.decode()
    assert "Emergency contacts against a safe contact arrangement" in supervisor
    assert world.case.reference in supervisor.split('id="home-against"')[1]
    officer = signed_in(world.alice).get("/staff/").content.decode()
    assert 'id="home-against"' not in officer
    log = signed_in(world.alice).get(f"/cases/{world.case.pk}/notes/?show=contacts").content.decode()
    assert "Emergency, against the arrangement" in log
    assert "released early" in log


def test_outside_the_safe_times_an_outgoing_contact_is_refused_and_an_incoming_one_is_not(world: World) -> None:
    SafeContact.objects.filter(case=world.case).update(
        safe_windows={"windows": [SafeWindow((0, 1, 2, 3, 4), time(10), time(12)).as_data()]}
    )
    with pytest.raises(ValidationError) as caught:
        contact(world, contacted_at=a_weekday_at(19))
    assert "outside the victim's safe times" in caught.value.message_dict["contacted_at"][0]
    contact(world, contacted_at=a_weekday_at(11))
    contact(world, contacted_at=a_weekday_at(19), direction="incoming", channel="text_message")
    assert Contact.objects.count() == 2


def test_one_contact_answers_several_obligations_to_tell_the_victim(world: World) -> None:
    waiting = [record(world.alice, world.case, kind).obligations.get(kind="notify") for kind in ("arrest", "charge")]
    logged = contact(world, answers=[o.pk for o in waiting])
    for obligation in waiting:
        obligation.refresh_from_db()
        assert obligation.done_at == logged.contacted_at
        assert obligation.completion == Obligation.Completion.NOTIFIED
    assert set(NotificationRecord.objects.values_list("contact_id", flat=True)) == {logged.pk}
    audit = AuditEvent.objects.get(verb=Verb.CONTACT_RECORDED)
    assert audit.detail["completed"] == sorted(o.pk for o in waiting)


def test_a_contact_that_did_not_reach_her_is_an_attempt_on_each_and_leaves_them_open(world: World) -> None:
    waiting = [record(world.alice, world.case, kind).obligations.get(kind="notify") for kind in ("arrest", "charge")]
    contact(world, outcome="no_answer", summary="No answer; did not leave a message.", answers=[o.pk for o in waiting])
    assert Obligation.objects.filter(pk__in=[o.pk for o in waiting], done_at__isnull=True).count() == 2
    assert NotificationRecord.objects.filter(outcome="not_reached").count() == 2


def test_an_obligation_already_done_or_of_another_case_is_refused(world: World) -> None:
    obligation = record(world.alice, world.case, "arrest").obligations.get(kind="notify")
    contact(world, answers=[obligation.pk])
    with pytest.raises(ValidationError) as caught:
        contact(world, answers=[obligation.pk])
    assert "answers" in caught.value.message_dict
    assert Contact.objects.count() == 1


def test_the_contact_form_records_one_contact_for_two_developments(world: World) -> None:
    waiting = [record(world.alice, world.case, kind).obligations.get(kind="notify") for kind in ("arrest", "charge")]
    client = signed_in(world.bob)
    page = client.get(f"/cases/{world.case.pk}/contacts/new/").content.decode()
    assert "Developments the victim was told about" in page
    now = timezone.localtime() - timedelta(minutes=5)
    form = {
        "contacted_on": now.strftime("%d %m %Y"),
        "contacted_time": now.strftime("%H:%M"),
        "direction": "outgoing",
        "channel": "phone_call",
        "outcome": "spoke",
        "summary": "Told her about the arrest and the charge in one call.",
        "answers": [str(o.pk) for o in waiting],
        "submission": str(uuid.uuid4()),
    }
    assert client.post(f"/cases/{world.case.pk}/contacts/new/", form).status_code == 302
    assert client.post(f"/cases/{world.case.pk}/contacts/new/", form).status_code == 302  # a double click
    assert Contact.objects.count() == 1
    assert Obligation.objects.filter(pk__in=[o.pk for o in waiting], done_at__isnull=False).count() == 2


def test_the_contact_form_shows_a_refusal_on_the_form_and_saves_nothing(world: World) -> None:
    now = timezone.localtime() - timedelta(minutes=5)
    response = signed_in(world.bob).post(
        f"/cases/{world.case.pk}/contacts/new/",
        {
            "contacted_on": now.strftime("%d %m %Y"),
            "contacted_time": now.strftime("%H:%M"),
            "direction": "outgoing",
            "channel": "voicemail",
            "outcome": "message_left",
            "summary": "Left a voicemail.",
            "submission": str(uuid.uuid4()),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "never to leave a voicemail" in html
    assert not Contact.objects.exists()


@pytest.mark.parametrize("show", ["notes", "contacts"])
def test_the_lists_cost_the_same_however_many_notes_or_contacts(world: World, show: str, settings: Any) -> None:
    settings.LIST_PAGE_SIZE = PAGE

    def add(n: int) -> None:
        for index in range(n):
            if show == "notes":
                note = note_write(actor=world.alice, case=world.case, text=f"Note number {index:04d} about the day.")
                if index % 3 == 0:
                    note_correct(
                        actor=world.alice,
                        note=note,
                        text=f"Note number {index:04d}, corrected.",
                        reason="A typing mistake.",
                    )
            else:
                contact(world, summary=f"Contact number {index:04d}.")

    assert_bounded(signed_in(world.alice), f"/cases/{world.case.pk}/notes/?show={show}", add, page=PAGE)


def test_the_case_page_shows_the_latest_notes_and_contacts_in_fixed_queries(world: World) -> None:
    note_write(actor=world.alice, case=world.case, text="Latest note on the case page.")
    contact(world)
    html = signed_in(world.alice).get(f"/cases/{world.case.pk}/").content.decode()
    assert "Latest note on the case page." in html
    assert 'href="#section-notes"' in html or "Notes and contacts" in html
