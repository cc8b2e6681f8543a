"""Tasks do what they say: "Reassess the risk" opens a new assessment, "Review the plan" the plan review."""

from __future__ import annotations

from django.test import Client

from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.timeline import record


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def test_reassess_and_review_tasks_open_the_assessment_and_the_plan_review(world: World) -> None:
    record(world.alice, world.case, "bail_with_conditions")
    html = signed_in(world.alice).get("/cases/obligations/?state=upcoming").content.decode()
    html += signed_in(world.alice).get("/cases/obligations/?state=due_today").content.decode()
    html += signed_in(world.alice).get("/cases/obligations/?state=overdue").content.decode()
    assert f'href="/cases/{world.case.pk}/risk/new/ric/">Start a new assessment' in html
    assert f'href="/cases/{world.case.pk}/plan/build/">Review the plan' in html
