"""Records of what was said, done or decided are written once: every append-only model refuses change."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from safeplan.appendonly import AppendOnlyError, AppendOnlyModel, rewrite_history
from safeplan.audit.models import AuditEvent, SealedDetail
from safeplan.cases.services import case_close, case_reopen
from safeplan.evidence.models import Amendment, Attachment, Incident, SharedCopy
from safeplan.personas import World
from safeplan.plans.models import SafetyPlanItem, SafetyPlanVersion
from safeplan.risk.models import Assessment
from safeplan.techsafety.models import TechCheck, TechScan
from safeplan.techsafety.services import techcheck_record
from safeplan.testing.evidence import add_exhibit, jpeg_with_gps, record_incident
from safeplan.testing.plans import saved_version
from safeplan.testing.risk import make_assessment
from safeplan.testing.techsafety import recorded_scan
from safeplan.timeline.models import CaseNote, Contact
from safeplan.timeline.notes import contact_record, note_write

APPEND_ONLY = [
    AuditEvent,
    SealedDetail,
    Incident,
    Amendment,
    Attachment,
    SharedCopy,
    SafetyPlanVersion,
    SafetyPlanItem,
    Assessment,
    TechCheck,
    TechScan,
    CaseNote,
    Contact,
]
PACKAGE = Path(__file__).resolve().parents[1]


@pytest.fixture
def records(world: World) -> World:
    """Give the world's case one row of every append-only model, each made by its real service."""
    # A closing note and a reopening reason, sealed out of the audit detail (audit.SealedDetail).
    case_close(actor=world.alice, case=world.case, reason="other", note="Moved away (synthetic)")
    case_reopen(actor=world.alice, case=world.case, reason="New incident reported (synthetic)")
    incident = record_incident(world.alice, world.case)
    add_exhibit(world.alice, world.case, incident, jpeg_with_gps(), shared_copy=True)
    saved_version(world.case, world.alice)
    make_assessment(world.case, world.alice, yes=15)
    techcheck_record(actor=world.alice, case=world.case, answers={"devices": ["iphone"]})
    recorded_scan(world.case, world)
    note_write(actor=world.alice, case=world.case, text="A note that is never changed.")
    contact_record(
        actor=world.alice,
        case=world.case,
        contacted_at=timezone.now() - timedelta(minutes=5),
        channel="phone_call",
        direction="outgoing",
        outcome="spoke",
        summary="A contact that is never changed.",
    )
    return world


def test_every_append_only_model_is_tested_here() -> None:
    found = {model for model in apps.get_models() if issubclass(model, AppendOnlyModel)}
    assert found == set(APPEND_ONLY)


@pytest.mark.parametrize("model", APPEND_ONLY, ids=lambda model: model.__name__)
def test_it_refuses_every_way_of_changing_or_deleting_a_stored_row(records: World, model: Any) -> None:
    row = model.objects.order_by("pk").first()
    assert row is not None
    before = model.objects.filter(pk=row.pk).values().get()
    with pytest.raises(AppendOnlyError, match="cannot be changed"):
        row.save()
    with pytest.raises(AppendOnlyError, match="cannot be deleted"):
        row.delete()
    with pytest.raises(AppendOnlyError, match="cannot be changed"):
        model.objects.filter(pk=row.pk).update(pk=row.pk)
    with pytest.raises(AppendOnlyError, match="cannot be deleted"):
        model.objects.all().delete()
    with pytest.raises(AppendOnlyError, match="cannot be changed"):
        model.objects.bulk_update([row], ["pk"])
    assert model.objects.filter(pk=row.pk).values().get() == before


def test_the_error_says_how_a_record_is_corrected_instead(records: World) -> None:
    assessment = Assessment.objects.get()
    with pytest.raises(AppendOnlyError, match="make a new assessment instead"):
        assessment.save()
    incident = Incident.objects.get()
    with pytest.raises(AppendOnlyError, match="add an amendment instead"):
        incident.save()


def test_a_new_row_is_still_inserted(world: World) -> None:
    before = Assessment.objects.count()
    make_assessment(world.case, world.alice, yes=2)
    make_assessment(world.case, world.alice, yes=3)
    assert Assessment.objects.count() == before + 2


def _calls_rewrite_history(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "rewrite_history"
        for node in ast.walk(tree)
    )


def test_only_demo_data_and_tests_rewrite_history() -> None:
    callers = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "appendonly.py" and _calls_rewrite_history(path)
    }
    runtime = {
        name
        for name in callers
        if not (name.endswith("/demo.py") or "/tests/" in name or name.startswith("tests/") or "testing" in name)
    }
    assert callers, "the scan found no caller at all: it is not looking in the right place"
    assert runtime == set()


def test_rewrite_history_does_change_a_row_for_tests_that_play_an_attacker(world: World) -> None:
    made = make_assessment(world.case, world.alice, yes=15)
    assert rewrite_history(Assessment.objects.filter(pk=made.pk), level="standard") == 1
    assert Assessment.objects.get(pk=made.pk).level == "standard"
