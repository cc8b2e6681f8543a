"""Free-text reasons are encrypted at rest, the audit trail keeps them sealed, and no dump holds a
confidential field in plain text (issue 13)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.core.management.commands.dumpdata import Command as DjangoDumpdata
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from safeplan.audit.models import AuditEvent, SealedDetail
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.audit.verification import verify_chain
from safeplan.cases import services
from safeplan.cases.models import BreakGlassAccess, CaseShare, ConfidentialLocation, Handover, Person, SafeContact
from safeplan.encryption import encrypt_plain_column
from safeplan.personas import SECRET_ADDRESS, World

pytestmark = pytest.mark.django_db

SHARE_REASON = "Joint visit with the refuge worker on Tuesday (synthetic)"
HANDOVER_REASON = "Alice starts long-term leave next week (synthetic)"
BREAK_GLASS_REASON = "Urgent: victim reported missing tonight, checking last contact (synthetic)"
CLOSE_NOTE = "She moved to a refuge in another force area (synthetic)"
REOPEN_REASON = "A fresh incident was reported by a neighbour (synthetic)"
CODE_WORD = "periwinkle-synthetic"
NAME = "Quentina Zellweger-Synthetic"
BORN = date(1987, 3, 14)


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - test names
        return str(cursor.fetchone()[0])


@pytest.fixture
def confided(world: World) -> World:
    """The world with one of every reason typed through the services, a code word and a named person."""
    services.case_share(
        actor=world.alice,
        case=world.case,
        team=world.south,
        reason=SHARE_REASON,
        expires_at=timezone.now() + timedelta(days=3),
    )
    services.case_hand_over(
        actor=world.alice, case=world.case, duty="responsible_officer", to_user=world.sue, reason=HANDOVER_REASON
    )
    services.break_glass_open(actor=world.south_supervisor, reference=world.case.reference, reason=BREAK_GLASS_REASON)
    services.case_close(actor=world.sue, case=world.case, reason="other", note=CLOSE_NOTE)
    services.case_reopen(actor=world.sue, case=world.case, reason=REOPEN_REASON)
    SafeContact.objects.filter(case=world.case).update(version=1)
    contact = SafeContact.objects.get(case=world.case)
    contact.code_word = CODE_WORD
    contact.save()
    Person.objects.create(case=world.case, role=Person.Role.OTHER, full_name=NAME, date_of_birth=BORN)
    return world


def test_share_handover_and_break_glass_reasons_are_ciphertext_in_their_columns(confided: World) -> None:
    share = CaseShare.objects.order_by("-pk").first()
    handover = Handover.objects.order_by("-pk").first()
    access = BreakGlassAccess.objects.get()
    assert share is not None
    assert handover is not None
    assert (share.reason, handover.reason, access.reason) == (SHARE_REASON, HANDOVER_REASON, BREAK_GLASS_REASON)
    for table, pk, plain in [
        ("cases_caseshare", share.pk, SHARE_REASON),
        ("cases_handover", handover.pk, HANDOVER_REASON),
        ("cases_breakglassaccess", access.pk, BREAK_GLASS_REASON),
    ]:
        stored = raw(table, "reason", pk)
        assert stored.startswith("v1:")
        assert "victim" not in stored
        assert "synthetic" not in stored
        assert plain not in stored


def test_the_audit_detail_keeps_no_reason_in_clear_and_the_chain_covers_the_sealed_one(confided: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT detail FROM audit_auditevent")
        details = " ".join(str(row[0]) for row in cursor.fetchall())
    for reason in (BREAK_GLASS_REASON, CLOSE_NOTE, REOPEN_REASON, HANDOVER_REASON, SHARE_REASON):
        assert reason not in details
        assert "synthetic" not in details
    glass = AuditEvent.objects.get(verb=Verb.CASE_BREAK_GLASS)
    assert glass.detail["sealed"] == ["reason"]
    assert glass.detail["access"] == BreakGlassAccess.objects.get().pk
    assert glass.reason == BREAK_GLASS_REASON
    assert AuditEvent.objects.get(verb=Verb.CASE_REOPENED).reason == REOPEN_REASON
    closed = AuditEvent.objects.get(verb=Verb.CASE_CLOSED)
    assert closed.detail["reason"] == "other"
    assert closed.full_detail()["note"] == CLOSE_NOTE
    assert verify_chain().ok


def test_a_changed_or_deleted_sealed_reason_breaks_the_chain(confided: World) -> None:
    glass = AuditEvent.objects.get(verb=Verb.CASE_BREAK_GLASS)
    forged = SealedDetail._meta.get_field("values").get_prep_value({"reason": "Routine supervision check"})
    with connection.cursor() as cursor:
        cursor.execute('UPDATE audit_sealeddetail SET "values" = %s WHERE event_id = %s', [forged, glass.pk])
    check = verify_chain()
    assert not check.ok
    assert "has been changed" in check.message
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_sealeddetail WHERE event_id = %s", [glass.pk])
    check = verify_chain()
    assert not check.ok
    assert "lost its sealed detail" in check.message


def test_the_case_audit_page_still_shows_the_reason_to_whoever_may_read_it(confided: World, client: object) -> None:
    from django.urls import reverse

    from safeplan.testing.signin import sign_in_verified

    sign_in_verified(client, confided.sue)  # type: ignore[arg-type]
    page = client.get(reverse("cases:audit", args=[confided.case.pk])).content.decode()  # type: ignore[attr-defined]
    assert BREAK_GLASS_REASON in page
    assert REOPEN_REASON in page


def test_the_migrations_encrypt_reasons_and_seal_audit_reasons_written_before(world: World) -> None:
    # Rows as the code before this change wrote them: the reason in clear, in the column and the detail.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_handover SET reason = %s WHERE id = %s", [HANDOVER_REASON, world.handover.pk])
    old = record(actor=world.sue, verb=Verb.CASE_BREAK_GLASS, case_id=world.case.pk, detail={"reason": "Old reason"})
    record(actor=world.sue, verb=Verb.CASE_VIEWED, case_id=world.case.pk)
    assert verify_chain().ok

    cases_migration = __import__("safeplan.cases.migrations.0007_encrypted_reasons", fromlist=["encrypt_reasons"])
    audit_migration = __import__("safeplan.audit.migrations.0003_encrypted_reasons", fromlist=["seal_reasons"])

    class Editor:
        connection = connection

    # The models as these migrations see them (plain managers, as when `migrate` runs).
    historical = (
        MigrationExecutor(connection)
        .loader.project_state([("audit", "0003_encrypted_reasons"), ("cases", "0007_encrypted_reasons")])
        .apps
    )
    cases_migration.encrypt_reasons(historical, Editor())
    audit_migration.seal_reasons(historical, Editor())

    assert raw("cases_handover", "reason", world.handover.pk).startswith("v1:")
    assert Handover.objects.get(pk=world.handover.pk).reason == HANDOVER_REASON
    # Running it again changes nothing (values already encrypted are left alone).
    assert (
        encrypt_plain_column(connection, table="cases_handover", column="reason", context="cases.handover.reason") == 0
    )
    sealed = AuditEvent.objects.get(pk=old.pk)
    assert "reason" not in sealed.detail
    assert sealed.reason == "Old reason"
    assert verify_chain().ok


def test_dumpdata_writes_no_address_reason_code_word_or_name_in_plain_text(confided: World) -> None:
    # The installed `dumpdata` is turned off (safeplan backup writes the encrypted archive); Django's
    # own command, which anyone could still run, writes through the sealing serializers.
    with pytest.raises(CommandError, match="plain text"):
        call_command("dumpdata", "cases", stdout=io.StringIO())
    out = io.StringIO()
    call_command(DjangoDumpdata(), "cases", "audit", "perpetrators", stdout=out)
    dump = out.getvalue()
    assert '"model": "cases.confidentiallocation"' in dump  # the rows are there, sealed
    for secret in (
        SECRET_ADDRESS,
        "Hidden Lane",
        SHARE_REASON,
        HANDOVER_REASON,
        BREAK_GLASS_REASON,
        CLOSE_NOTE,
        REOPEN_REASON,
        CODE_WORD,
        NAME,
        "Vicky Victim",
        BORN.isoformat(),
        "07700 900001",
    ):
        assert secret not in dump, secret


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml", "python"])
def test_a_sealed_dump_loads_back_to_the_same_values(confided: World, fmt: str) -> None:
    rows = [*Person.objects.filter(full_name=NAME), confided.location, SafeContact.objects.get(case=confided.case)]
    dumped = serializers.serialize(fmt, rows)
    text = str(dumped)
    assert NAME not in text
    assert SECRET_ADDRESS not in text
    assert CODE_WORD not in text
    loaded = {type(item.object): item.object for item in serializers.deserialize(fmt, dumped)}
    assert loaded[Person].full_name == NAME
    assert loaded[Person].date_of_birth == BORN
    assert loaded[ConfidentialLocation].address == SECRET_ADDRESS
    assert loaded[SafeContact].code_word == CODE_WORD
    assert loaded[SafeContact].safe_windows == SafeContact.objects.get(case=confided.case).safe_windows
    # Saved back (as loaddata does), the values read as they were.
    Person.objects.filter(full_name=NAME).delete()
    for item in serializers.deserialize(fmt, dumped):
        item.save()
    assert Person.objects.get(full_name=NAME).date_of_birth == BORN


def test_an_xml_dump_is_refused_rather_than_written_in_clear(confided: World) -> None:
    with pytest.raises(CommandError, match="XML"):
        call_command(DjangoDumpdata(), "cases.person", format="xml", stdout=io.StringIO())
