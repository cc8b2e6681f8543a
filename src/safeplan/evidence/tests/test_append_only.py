"""Entries are never edited in place: the ORM refuses, and corrections are amendments beside the original."""

from __future__ import annotations

import pytest
from django.test import Client

from safeplan.appendonly import AppendOnlyError
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.evidence.models import Amendment, Attachment, Incident, SharedCopy
from safeplan.personas import World
from safeplan.testing.evidence import add_exhibit, jpeg_with_gps, record_incident
from safeplan.testing.signin import sign_in_verified


def test_the_orm_refuses_to_change_or_delete_an_incident(world: World) -> None:
    incident = record_incident(world.alice, world.case)
    incident.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        incident.save()
    with pytest.raises(AppendOnlyError):
        incident.delete()
    with pytest.raises(AppendOnlyError):
        Incident.objects.filter(pk=incident.pk).update(summary="rewritten")
    with pytest.raises(AppendOnlyError):
        Incident.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        Incident.objects.bulk_update([incident], ["summary"])


@pytest.mark.parametrize("model", [Amendment, Attachment, SharedCopy])
def test_the_orm_refuses_to_change_exhibits_and_amendments(world: World, model: type) -> None:
    incident = record_incident(world.alice, world.case)
    add_exhibit(world.alice, world.case, incident, jpeg_with_gps(), shared_copy=True)
    row = model.objects.first()
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        model.objects.all().update(created_at=row.created_at)
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()


def test_an_amendment_keeps_the_original_visible_and_is_audited(world: World) -> None:
    incident = record_incident(world.alice, world.case)
    client = Client()
    sign_in_verified(client, world.alice)
    response = client.post(
        f"/cases/{world.case.pk}/incidents/{incident.pk}/amend/",
        {
            "kind": "correction",
            "field_name": "occurred_at",
            "text": "It was 22:30, not 21:30.",
            "reason": "She checked her phone log.",
        },
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert amendment.sequence == incident.sequence + 1
    assert amendment.previous_hash == incident.hash
    event = AuditEvent.objects.get(verb=Verb.INCIDENT_AMENDED)
    assert event.detail["kind"] == "correction"
    assert event.detail["chain_head"] == amendment.hash
    html = client.get(f"/cases/{world.case.pk}/incidents/{incident.pk}/").content.decode()
    assert "He shouted and pushed her" in html
    assert "It was 22:30, not 21:30." in html
    Incident.objects.get(pk=incident.pk)  # unchanged row still there


def test_an_amendment_without_text_or_reason_is_refused(world: World) -> None:
    incident = record_incident(world.alice, world.case)
    client = Client()
    sign_in_verified(client, world.alice)
    response = client.post(f"/cases/{world.case.pk}/incidents/{incident.pk}/amend/", {"kind": "correction"})
    assert "govuk-error-summary" in response.content.decode()
    assert not Amendment.objects.exists()
