"""Completing obligations: by hand with a note, or by the risk and plans apps through the service."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.services import case_hand_over
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.timeline import record
from safeplan.timeline.models import Obligation
from safeplan.timeline.selectors import open_obligations
from safeplan.timeline.services import obligation_complete, obligations_follow_handover


def test_a_reassessment_can_be_marked_done_by_hand_with_a_note(world: World) -> None:
    event = record(world.alice, world.case, "breach")
    reassess = event.obligations.get(kind="reassess")
    client = Client()
    sign_in_verified(client, world.alice)
    path = f"/cases/{world.case.pk}/obligations/{reassess.pk}/complete/"
    refused = client.post(path, {"note": "done"})
    assert "govuk-error-summary" in refused.content.decode()
    response = client.post(path, {"note": "Reassessed on paper with the victim at the station."})
    assert response.status_code == 302
    reassess.refresh_from_db()
    assert (reassess.done_by, reassess.completion) == (world.alice, "manual")
    assert reassess.completion_note.startswith("Reassessed")
    audit = AuditEvent.objects.get(verb=Verb.OBLIGATION_COMPLETED)
    assert audit.detail == {"kind": "reassess", "completion": "manual"}


def test_a_notify_obligation_closes_without_a_notification_only_with_a_reason(world: World) -> None:
    notify = record(world.alice, world.case, "charge").obligations.get(kind="notify")
    with pytest.raises(ValidationError) as caught:
        obligation_complete(actor=world.bob, obligation=notify, note="The CPS told her at court.")
    assert "reason" in caught.value.message_dict
    obligation_complete(
        actor=world.bob, obligation=notify, reason="told_by_other_agency", note="The CPS told her at court."
    )
    notify.refresh_from_db()
    assert notify.completion == "told_by_other_agency"


def test_the_plans_and_risk_apps_complete_obligations_with_their_record_ids(world: World) -> None:
    event = record(world.alice, world.case, "new_incident")
    assert [o.kind for o in open_obligations(world.case, "review_plan")] == ["review_plan"]
    review = open_obligations(world.case, "review_plan").get()
    reassess = open_obligations(world.case, "reassess").get()
    obligation_complete(actor=world.alice, obligation=review, plan_version_id=41)
    obligation_complete(actor=world.alice, obligation=reassess, assessment_id=7)
    review.refresh_from_db()
    reassess.refresh_from_db()
    assert (review.answered_by_plan_version_id, review.completion) == (41, "plan_version")
    assert (reassess.answered_by_assessment_id, reassess.completion) == (7, "assessment")
    assert not open_obligations(world.case).filter(event=event).exists()
    with pytest.raises(ValueError, match="plan review"):
        obligation_complete(
            actor=world.alice,
            obligation=record(world.alice, world.case, "breach").obligations.get(kind="reassess"),
            plan_version_id=1,
        )


def test_something_done_cannot_be_done_again(world: World) -> None:
    review = record(world.alice, world.case, "new_incident").obligations.get(kind="review_plan")
    obligation_complete(actor=world.alice, obligation=review, note="Reviewed with the IDVA.")
    review.refresh_from_db()
    with pytest.raises(ValidationError):
        obligation_complete(actor=world.alice, obligation=review, note="Reviewed again today.")
    assert AuditEvent.objects.filter(verb=Verb.OBLIGATION_COMPLETED).count() == 1


def test_outsiders_cannot_complete(world: World) -> None:
    review = record(world.alice, world.case, "new_incident").obligations.get(kind="review_plan")
    for user in (world.charlie, world.olga):
        with pytest.raises(PermissionDenied):
            obligation_complete(actor=user, obligation=review, note="Not my case at all.")


def test_open_obligations_move_with_a_handover(world: World) -> None:
    event = record(world.alice, world.case, "bail_with_conditions")
    done = event.obligations.get(kind="review_plan")
    obligation_complete(actor=world.alice, obligation=done, note="Reviewed with the victim.")
    Obligation.objects.filter(event=event).update(reminded_at="2026-01-01T00:00Z")
    moved = obligations_follow_handover(
        actor=world.alice, case=world.case, duty="responsible_officer", to_user=world.sue
    )
    owners = dict(Obligation.objects.filter(event=event).values_list("kind", "owner__username"))
    assert owners == {"notify": "bob", "reassess": "sue", "review_plan": "alice"}
    assert moved == [event.obligations.get(kind="reassess").pk]
    assert event.obligations.get(kind="reassess").reminded_at is None
    assert AuditEvent.objects.get(verb=Verb.OBLIGATION_REASSIGNED).detail["obligations"] == moved
    obligations_follow_handover(actor=world.alice, case=world.case, duty="spoc", to_user=world.ida)
    assert event.obligations.get(kind="notify").owner == world.ida


def test_a_handover_of_the_case_moves_the_duty_s_open_obligations(world: World) -> None:
    event = record(world.alice, world.case, "bail_with_conditions")
    case_hand_over(actor=world.alice, case=world.case, duty="responsible_officer", to_user=world.sue, reason="leave")
    owners = dict(Obligation.objects.filter(event=event).values_list("kind", "owner__username"))
    assert owners == {"notify": "bob", "reassess": "sue", "review_plan": "sue"}
    assert AuditEvent.objects.filter(verb=Verb.OBLIGATION_REASSIGNED).count() == 1
    assert AuditEvent.objects.filter(verb=Verb.CASE_HANDED_OVER).count() == 1
