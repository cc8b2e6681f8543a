"""Entries and amendments form a hash chain; a row changed behind the application's back stops the export."""

from __future__ import annotations

from django.db import connection
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.evidence import chain, services
from safeplan.personas import World
from safeplan.testing.evidence import add_exhibit, jpeg_with_gps, record_incident
from safeplan.testing.signin import sign_in_verified


def build(world: World) -> list[object]:
    first = record_incident(world.alice, world.case)
    second = record_incident(world.alice, world.case, summary="He sent forty messages in one night.")
    services.incident_amend(
        actor=world.alice,
        case=world.case,
        incident=first,
        kind="addition",
        field_name="",
        text="More.",
        reason="Recalled.",
    )
    add_exhibit(world.alice, world.case, second, jpeg_with_gps())
    return [first, second]


def test_the_chain_of_entries_amendments_and_exhibits_verifies(world: World) -> None:
    build(world)
    report = chain.check_chain(world.case)
    assert report.ok
    assert report.length == 4
    assert report.head == chain.recorded_head(world.case)


def test_a_raw_sql_update_of_an_incident_is_detected_and_the_export_refused(world: World) -> None:
    first, _ = build(world)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE evidence_incident SET time_is_approximate = %s WHERE id = %s", [True, first.pk])  # type: ignore[attr-defined]
    report = chain.check_chain(world.case)
    assert not report.ok
    assert report.result.broken_index == 0
    assert f"incident {first.pk}" in report.message  # type: ignore[attr-defined]
    client = Client()
    sign_in_verified(client, world.alice)
    response = client.post(f"/cases/{world.case.pk}/bundle/", {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "link 0" in html
    assert f"incident {first.pk}" in html
    assert AuditEvent.objects.filter(verb=Verb.BUNDLE_REFUSED).exists()
    assert not AuditEvent.objects.filter(verb=Verb.BUNDLE_EXPORTED).exists()


def test_a_changed_exhibit_hash_is_detected(world: World) -> None:
    build(world)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE evidence_attachment SET sha256 = %s", ["0" * 64])
    report = chain.check_chain(world.case)
    assert not report.ok
    assert report.result.broken_index == 3


def test_a_deleted_newest_row_is_detected_by_the_recorded_head(world: World) -> None:
    build(world)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM evidence_attachment")
        cursor.execute("DELETE FROM evidence_amendment WHERE sequence = 3")
    report = chain.check_chain(world.case)
    assert not report.ok
