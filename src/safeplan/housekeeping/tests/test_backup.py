"""safeplan backup and restore: one encrypted archive, restored into an empty deployment, chains still verify.

Runs on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeplan.audit.models import AuditEvent
from safeplan.audit.verification import verify_chain
from safeplan.cases.models import Case
from safeplan.evidence import chain, storage
from safeplan.evidence.models import Attachment, Incident, SharedCopy
from safeplan.personas import World
from safeplan.testing.evidence import add_exhibit, jpeg_with_gps, record_incident

PLACE = "Flat 9, 41 Larkspur Lane, ZZ9 9ZZ"  # synthetic


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    return Path(settings.MEDIA_ROOT)


def evidence_world(world: World) -> bytes:
    photo = jpeg_with_gps()
    incident = record_incident(world.alice, world.case, place=PLACE)
    add_exhibit(world.alice, world.case, incident, photo, shared_copy=True)
    return photo


def empty_the_deployment(media: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_deployment_and_both_chains_still_verify(
    world: World, media: Path, tmp_path: Path
) -> None:
    photo = evidence_world(world)
    counts = (Case.objects.count(), Incident.objects.count(), Attachment.objects.count(), AuditEvent.objects.count())
    archive = tmp_path / "safeplan.backup"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "2 evidence file(s)" in out.getvalue()
    data = archive.read_bytes()
    assert data.startswith(b"SPBK1\n")
    for secret in (PLACE.encode(), b"Larkspur", b"He grabbed my arm", photo[:64]):
        assert secret not in data
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    empty_the_deployment(media)
    assert not Case.objects.exists()
    call_command("restore", str(archive), stdout=io.StringIO())

    assert (
        Case.objects.count(),
        Incident.objects.count(),
        Attachment.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert verify_chain().ok
    case = Case.objects.get()
    assert chain.check_chain(case).ok
    assert Incident.objects.get().place == PLACE
    exhibit = Attachment.objects.get()
    reader = storage.open_plain(exhibit.stored_name, exhibit.wrapped_key)
    try:
        assert reader.read() == photo
    finally:
        reader.close()
    assert SharedCopy.objects.count() == 1
    # New rows still get fresh ids after the restore (sequences reset).
    assert record_incident(world.alice, case).pk > Incident.objects.order_by("pk").first().pk  # type: ignore[union-attr]


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_deployment_that_holds_data_and_writes_nothing(
    world: World, media: Path, tmp_path: Path
) -> None:
    evidence_world(world)
    archive = tmp_path / "safeplan.backup"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(archive))
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_a_backup_missing_an_exhibit_file_is_refused_rather_than_written(
    world: World, media: Path, tmp_path: Path
) -> None:
    """Restoring the database without the evidence files lost every exhibit: the archive holds both or nothing."""
    evidence_world(world)
    exhibit = Attachment.objects.get()
    (storage.evidence_dir() / exhibit.stored_name).unlink()
    archive = tmp_path / "safeplan.backup"
    with pytest.raises(CommandError, match="exhibit file"):
        call_command("backup", str(archive))
    assert not archive.exists()
    assert list(tmp_path.glob("*.partial")) == []


@pytest.mark.django_db(transaction=True)
def test_a_damaged_or_cut_backup_restores_nothing(world: World, media: Path, tmp_path: Path) -> None:
    evidence_world(world)
    archive = tmp_path / "safeplan.backup"
    call_command("backup", str(archive), stdout=io.StringIO())
    empty_the_deployment(media)
    data = archive.read_bytes()
    cut = tmp_path / "cut.backup"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(CommandError, match="nothing was restored"):
        call_command("restore", str(cut))
    assert not Case.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_dumpdata_is_refused_as_it_would_write_confidential_fields_in_plain_text() -> None:
    with pytest.raises(CommandError, match="plain text"):
        call_command("dumpdata")
