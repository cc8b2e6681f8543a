"""Case writes: clear responsibility, handovers, shares, break-glass, each with its audit entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases import services
from safeplan.cases.models import Case
from safeplan.personas import World


def audited(verb: Verb, **filters: object) -> AuditEvent:
    return AuditEvent.objects.get(verb=verb, **filters)


def test_a_case_needs_a_responsible_officer_and_a_spoc(world: World) -> None:
    for officer, spoc in [(None, world.bob), (world.alice, None)]:
        with pytest.raises(ValidationError):
            services.case_create(actor=world.alice, victim_name="V", responsible_officer=officer, spoc=spoc)
    with pytest.raises(ValidationError):
        services.case_create(actor=world.alice, victim_name="V", responsible_officer=world.charlie, spoc=world.bob)
    assert Case.objects.count() == 1
    assert not AuditEvent.objects.filter(verb=Verb.CASE_CREATED).exists()


def test_creating_a_case_records_the_victim_and_audits(world: World) -> None:
    case = services.case_create(
        actor=world.alice, victim_name="Val", suspect_name="Steve", responsible_officer=world.alice, spoc=world.bob
    )
    assert case.team == world.north
    assert case.victim is not None
    assert case.victim.full_name == "Val"
    assert audited(Verb.CASE_CREATED, case_id=case.pk).actor == world.alice


def test_a_handover_records_both_names_and_tells_the_new_owner(world: World) -> None:
    handover = services.case_hand_over(
        actor=world.alice, case=world.case, duty="responsible_officer", to_user=world.sue, reason="moving team"
    )
    world.case.refresh_from_db()
    assert world.case.responsible_officer == world.sue
    assert (handover.from_user, handover.to_user) == (world.alice, world.sue)
    event = audited(Verb.CASE_HANDED_OVER)
    assert event.detail["from"] == world.alice.pk
    assert event.detail["to"] == world.sue.pk


def test_handover_mail_goes_only_after_commit(world: World, django_capture_on_commit_callbacks: object) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.case_hand_over(actor=world.alice, case=world.case, duty="spoc", to_user=world.sue, reason="leave")
    assert [m.to for m in mail.outbox] == [["sue@example.org"]]
    assert "Vicky" not in mail.outbox[0].body


def test_closing_and_reopening(world: World) -> None:
    with pytest.raises(ValidationError):
        services.case_close(actor=world.alice, case=world.case, reason="other", note="")
    services.case_close(actor=world.alice, case=world.case, reason="risk_reduced")
    assert world.case.status == "closed"
    services.case_reopen(actor=world.alice, case=world.case, reason="new incident")
    assert world.case.status == "open"
    assert audited(Verb.CASE_CLOSED).detail == {"reason": "risk_reduced"}
    assert audited(Verb.CASE_REOPENED)


def test_only_the_owning_team_can_change_a_case(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.case_update(actor=world.charlie, case=world.case, summary="x", version=world.case.version)


def test_safe_contact_contradictions_are_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.safe_contact_save(
            actor=world.alice,
            case=world.case,
            version=world.case.safe_contact.version,
            allowed_channels=["voicemail"],
            never=["voicemail"],
        )
    assert "never" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.safe_contact_save(
            actor=world.alice,
            case=world.case,
            version=world.case.safe_contact.version,
            allowed_channels=["phone_call"],
            never=[],
        )
    assert "phone_number" in error.value.message_dict


def test_safe_contact_audit_holds_no_contact_details(world: World) -> None:
    services.safe_contact_save(
        actor=world.alice,
        case=world.case,
        version=world.case.safe_contact.version,
        allowed_channels=["phone_call"],
        never=["letters_home"],
        phone_number="07700 900555",
        code_word="bluebell",
    )
    event = audited(Verb.SAFE_CONTACT_UPDATED)
    assert "07700" not in str(event.detail)
    assert "bluebell" not in str(event.detail)


def test_break_glass_gives_an_hour_and_alerts_the_owners(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    outside_supervisor = world.south_supervisor
    with pytest.raises(ValidationError):
        services.break_glass_open(actor=outside_supervisor, reference=world.case.reference, reason="too short")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        access = services.break_glass_open(
            actor=outside_supervisor, reference=world.case.reference, reason="Urgent: victim reported missing tonight"
        )
    assert timedelta(minutes=59) < access.expires_at - timezone.now() <= timedelta(minutes=60)
    assert audited(Verb.CASE_BREAK_GLASS).reason.startswith("Urgent")
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"alice@example.org", "bob@example.org", "sue@example.org"} <= recipients


def test_break_glass_is_for_supervisors_of_the_same_agency(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.break_glass_open(actor=world.charlie, reference=world.case.reference, reason="x" * 30)
    with pytest.raises(ValidationError):
        services.break_glass_open(actor=world.olga, reference=world.case.reference, reason="x" * 30)


def test_the_victim_is_listed_first(world: World) -> None:
    from safeplan.cases.selectors import case_for

    services.person_save(actor=world.alice, case=world.case, role="child", full_name="Aaron Child")
    people = [person.role for person in case_for(world.alice, world.case.pk).people.all()]
    assert people == ["victim", "suspect", "child"]
