"""Free text naming a confidential location: refused where it is ours to write, kept and masked where it must stay."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template import Context, Template, VariableDoesNotExist
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases import services as case_services
from safeplan.cases.freetext import Redactor, free_text_check
from safeplan.cases.models import Case, Person
from safeplan.evidence import services as evidence_services
from safeplan.evidence.imports import WHATSAPP, messages_import
from safeplan.evidence.models import Attachment, Incident
from safeplan.marac.services import marac_decision_record
from safeplan.personas import World
from safeplan.plans import services as plan_services
from safeplan.risk.models import Assessment
from safeplan.testing.leaks import capture_pdf_html, leaks_in, plant_free_text
from safeplan.testing.risk import make_assessment
from safeplan.testing.signin import sign_in_verified
from safeplan.timeline import services as timeline_services
from safeplan.timeline.models import CaseEvent

pytestmark = pytest.mark.django_db

ADDRESS = "Synthetic: he waited outside 1 Hidden Ln last night."
POSTCODE = "Synthetic: the refuge at tb1 2zz is full."


def signed_in(user: Any) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


# Each saves one free text through its service; the field the refusal names.
SAVES: dict[str, tuple[str, Callable[[World, str], Any]]] = {
    "case summary": (
        "summary",
        lambda w, t: case_services.case_update(actor=w.alice, case=w.case, summary=t, version=w.case.version),
    ),
    "person notes": (
        "notes",
        lambda w, t: case_services.person_save(
            actor=w.alice,
            case=w.case,
            person=w.suspect,
            version=w.suspect.version,
            full_name="Sam Suspect",
            role="suspect",
            notes=t,
        ),
    ),
    "safe contact": (
        "safe_times",
        lambda w, t: case_services.safe_contact_save(
            actor=w.alice,
            case=w.case,
            version=w.case.safe_contact.version,
            allowed_channels=["phone_call"],
            never=[],
            phone_number="07700 900001",
            safe_times=t,
        ),
    ),
    "handover reason": (
        "reason",
        lambda w, t: case_services.case_hand_over(actor=w.alice, case=w.case, duty="spoc", to_user=w.ida, reason=t),
    ),
    "event notes": (
        "details",
        lambda w, t: timeline_services.event_record(
            actor=w.alice, case=w.case, type_id="arrest", occurred_at=timezone.now() - timedelta(hours=1), details=t
        ),
    ),
    "assessment account": ("victim_account", lambda w, t: make_assessment(w.case, w.alice, yes=3, victim_account=t)),
    "plan coping": (
        "coping_strategies",
        lambda w, t: plan_services.draft_record_coping(
            actor=w.alice, case=w.case, coping_strategies=t, none_yet=False, version=0
        ),
    ),
    "incident place": (
        "place",
        lambda w, t: evidence_services.incident_record(
            actor=w.alice,
            case=w.case,
            data={"occurred_at": timezone.now() - timedelta(days=1), "summary": "x", "place": t},
        ),
    ),
}


@pytest.mark.parametrize("what", sorted(SAVES))
@pytest.mark.parametrize("text", [ADDRESS, POSTCODE])
def test_it_refuses_free_text_naming_a_confidential_location_and_saves_nothing(
    world: World, what: str, text: str
) -> None:
    field, save = SAVES[what]
    counts = (CaseEvent.objects.count(), Assessment.objects.count(), Incident.objects.count())
    with pytest.raises(ValidationError) as refused:
        save(world, text)
    assert list(refused.value.error_dict) == [field]
    assert refused.value.error_dict[field][0].code == "names_confidential_location"
    assert "record it there as a confidential location" in refused.value.message_dict[field][0]
    assert (CaseEvent.objects.count(), Assessment.objects.count(), Incident.objects.count()) == counts
    world.case.refresh_from_db()
    assert "Hidden" not in world.case.summary
    audit = AuditEvent.objects.get(verb=Verb.CONFIDENTIAL_TEXT_REFUSED)
    assert (audit.actor, audit.case_id, audit.detail) == (world.alice, world.case.pk, {"fields": [field]})


@pytest.mark.parametrize("what", sorted(SAVES))
def test_it_saves_free_text_that_names_another_place(world: World, what: str) -> None:
    _field, save = SAVES[what]
    save(world, "Synthetic: he waited outside 9 Hidden Lane, and at 1 Hidden Road.")
    assert not AuditEvent.objects.filter(verb=Verb.CONFIDENTIAL_TEXT_REFUSED).exists()


def test_a_marac_reason_is_checked_too(world: World) -> None:
    assessment = make_assessment(world.case, world.alice, yes=15)
    with pytest.raises(ValidationError, match="confidential location"):
        marac_decision_record(actor=world.alice, assessment=assessment, decision="refer", reason=ADDRESS)


def test_the_summary_page_refuses_it_with_an_error_summary(world: World) -> None:
    response = signed_in(world.alice).post(
        f"/cases/{world.case.pk}/summary/", {"summary": ADDRESS, "version": world.case.version}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "names a confidential location of the case" in html
    world.case.refresh_from_db()
    assert world.case.summary == "Test"


def bail_naming_the_refuge(world: World) -> CaseEvent:
    return timeline_services.event_record(
        actor=world.alice,
        case=world.case,
        type_id="bail_with_conditions",
        occurred_at=timezone.now() - timedelta(hours=2),
        fields={"granted_by": "court", "conditions_plain": "Not to go within 100 metres of 1 Hidden Lane."},
    )


def test_bail_conditions_that_must_name_the_street_are_kept_and_shown_masked(world: World) -> None:
    event = bail_naming_the_refuge(world)
    assert "1 Hidden Lane" in event.fields["conditions_plain"]
    url = f"/cases/{world.case.pk}/events/{event.pk}/"
    for user in (world.alice, world.wendy, world.mark):
        html = signed_in(user).get(url).content.decode()
        assert "Hidden Lane" not in html
        assert "Not to go within 100 metres of [confidential location]." in html
    assert "Show the masked locations" in signed_in(world.alice).get(url).content.decode()
    assert "Show the masked locations" not in signed_in(world.wendy).get(url).content.decode()


def test_a_need_to_know_user_may_show_the_masked_text_and_it_is_audited(world: World) -> None:
    event = bail_naming_the_refuge(world)
    url = f"/cases/{world.case.pk}/events/{event.pk}/"
    response = signed_in(world.alice).post(url)
    assert response.status_code == 200
    assert "1 Hidden Lane" in response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]
    audit = AuditEvent.objects.get(verb=Verb.CONFIDENTIAL_TEXT_REVEALED)
    assert (audit.actor, audit.target_id, audit.detail) == (world.alice, str(event.pk), {"what": "event"})
    for user in (world.wendy, world.mark, world.charlie, world.south_supervisor):
        assert signed_in(user).post(url).status_code == 404
    assert AuditEvent.objects.filter(verb=Verb.CONFIDENTIAL_TEXT_REVEALED).count() == 1


def imported_chat(world: World) -> Attachment:
    chat = b"12/03/2026, 21:04 - Sam: I know you are at 1 Hidden Lane\n12/03/2026, 21:05 - Sam: answer me\n"
    outcome = messages_import(
        actor=world.alice, case=world.case, upload=io.BytesIO(chat), name="chat.txt", size=len(chat), source=WHATSAPP
    )
    assert any("name a confidential location" in warning for warning in outcome.warnings)
    return outcome.attachment


def test_an_imported_message_is_kept_as_sent_shown_masked_and_its_original_opened_only_with_need_to_know(
    world: World,
) -> None:
    chat = imported_chat(world)
    incident = Incident.objects.filter(case=world.case, source_attachment=chat).order_by("sequence").first()
    assert incident is not None
    assert "1 Hidden Lane" in incident.words_used
    page = f"/cases/{world.case.pk}/incidents/{incident.pk}/"
    assert "Hidden Lane" not in signed_in(world.wendy).get(page).content.decode()
    download = f"/cases/{world.case.pk}/attachments/{chat.pk}/download/"
    assert signed_in(world.wendy).get(download).status_code == 404
    assert not AuditEvent.objects.filter(verb=Verb.ATTACHMENT_DOWNLOADED).exists()
    response = signed_in(world.alice).get(download)
    assert response.status_code == 200
    assert b"1 Hidden Lane" in b"".join(response.streaming_content)  # type: ignore[attr-defined]
    audit = AuditEvent.objects.get(verb=Verb.ATTACHMENT_DOWNLOADED)
    assert (audit.actor, audit.detail["names_confidential_location"]) == (world.alice, True)


def test_the_bundle_masks_the_chronology_and_carries_a_masked_copy_of_the_chat(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = imported_chat(world)
    with capture_pdf_html(monkeypatch) as printed:
        response = signed_in(world.wendy).post(f"/cases/{world.case.pk}/bundle/", {})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
        texts = {name: archive.read(name).decode(errors="replace") for name in names}
    assert any(name.endswith(f"{chat.reference}-locations-masked.txt") for name in names)
    assert not any(name.endswith(f"{chat.reference}.txt") for name in names)
    assert {name: leaks_in(text) for name, text in texts.items() if leaks_in(text)} == {}
    assert printed
    assert all(not leaks_in(html) for html in printed)
    assert any("[confidential location]" in html for html in printed)


def test_the_edit_form_shows_saved_text_masked(world: World) -> None:
    Case.objects.filter(pk=world.case.pk).update(summary=ADDRESS)
    html = signed_in(world.alice).get(f"/cases/{world.case.pk}/summary/").content.decode()
    assert "Hidden Ln" not in html
    assert "outside [confidential location] last night" in html


def test_the_filter_never_shows_text_without_a_redactor() -> None:
    template = Template("{% load confidential %}{{ text|redact:redactor }}")
    with pytest.raises(VariableDoesNotExist):
        template.render(Context({"text": "at 1 Hidden Lane"}))
    assert template.render(Context({"text": "at 1 Hidden Lane", "redactor": "not one"})) == "[not shown]"
    shown = template.render(Context({"text": "at 1 Hidden Lane", "redactor": Redactor(("1 Hidden Lane",))}))
    assert shown == "at [confidential location]"


def test_kept_fields_are_returned_and_not_refused(world: World) -> None:
    kept = free_text_check(
        actor=world.alice, case=world.case, texts={"file": ["hi", ADDRESS], "other": "nothing"}, keep={"file"}
    )
    assert kept == {"file"}
    assert not AuditEvent.objects.filter(verb=Verb.CONFIDENTIAL_TEXT_REFUSED).exists()


def test_the_scan_reports_and_masks_what_may_change_and_audits_it(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    plant_free_text(world)
    with pytest.raises(SystemExit) as unmasked:
        call_command("scan_confidential")
    assert unmasked.value.code == 1
    report = capsys.readouterr().out
    assert f"{world.case.reference} cases.Case {world.case.pk} summary: found" in report
    assert "risk.Assessment" in report
    assert "kept, shown masked" in report
    assert "Hidden" not in report
    call_command("scan_confidential", "--mask")
    capsys.readouterr()
    world.case.refresh_from_db()
    assert "[confidential location]" in world.case.summary
    assert "Hidden" not in Person.objects.get(pk=world.suspect.pk).notes
    masked = AuditEvent.objects.filter(verb=Verb.CONFIDENTIAL_TEXT_REDACTED)
    assert masked.filter(detail__model="cases.Case", detail__field="summary").exists()
    assert all(event.actor_label == "system" for event in masked)
    call_command("scan_confidential")
    again = capsys.readouterr().out
    assert ": found" not in again
    assert ": kept, shown masked" in again
