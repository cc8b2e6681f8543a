"""MARAC decisions moved from the risk app to the marac app keep every row recorded before the move."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from safeplan.marac.models import MaracDecision

BEFORE_THE_MOVE = [("risk", "0001_initial"), ("marac", None)]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_a_decision_recorded_before_the_move_is_still_there_after_it() -> None:
    executor = _executor()
    latest = executor.loader.graph.leaf_nodes()
    # Roll the apps the old risk migration stands on back to where it found them: a column added
    # since (with a Python default only) would refuse rows made through the old models.
    then = executor.loader.graph.forwards_plan(BEFORE_THE_MOVE[0])
    stood_on = {app: (app, name) for app, name in then if app in {"accounts", "cases"}}
    executor.migrate([*BEFORE_THE_MOVE, *stood_on.values()])
    try:
        old = _executor().loader.project_state([("risk", "0001_initial")]).apps
        assert "maracdecision" in {m._meta.model_name for m in old.get_app_config("risk").get_models()}
        agency = old.get_model("accounts", "Agency").objects.create(name="Moveshire Police", kind="police")
        team = old.get_model("accounts", "Team").objects.create(agency=agency, name="North")
        user = old.get_model("accounts", "User").objects.create(username="mover", role="officer", team=team)
        case = old.get_model("cases", "Case").objects.create(
            reference="SP-MOVE-0001", team=team, responsible_officer=user, spoc=user, created_by=user
        )
        assessment = old.get_model("risk", "Assessment").objects.create(
            case=case,
            instrument_id="ric",
            instrument_version=1,
            answers={},
            level="high",
            score_level="high",
            yes_count=15,
            factor_count=24,
            medium_from=10,
            high_from=14,
            escalation_from=3,
            incidents_last_12_months=0,
            assessed_on=timezone.localdate(),
            victim_view="high",
            trigger="initial",
            assessed_by=user,
        )
        decided_at = timezone.now().replace(microsecond=0)
        old_decision = old.get_model("risk", "MaracDecision").objects.create(
            assessment=assessment,
            decision="refer",
            reason="Recorded before the move",
            decided_by=user,
            decided_at=decided_at,
        )
    finally:
        _executor().migrate(latest)

    moved = MaracDecision.objects.get(pk=old_decision.pk)
    assert (moved.assessment_id, moved.decision, moved.decided_by_id) == (assessment.pk, "refer", user.pk)
    assert moved.reason == "Recorded before the move"
    assert moved.decided_at == decided_at
    assert MaracDecision._meta.db_table == "marac_maracdecision"
    assert "risk_maracdecision" not in connection.introspection.table_names()
