"""The risk section of the case page: current grade, age, next review, and a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeplan.personas import World
from safeplan.risk.panel import risk_panel_context
from safeplan.testing.risk import make_assessment, panel_html
from safeplan.testing.signin import sign_in_verified

LOWER = "Synthetic test reason: he has moved abroad and the order holds."


def test_the_current_grade_is_the_latest_assessments(world: World) -> None:
    make_assessment(world.case, world.alice, yes=16, at=timezone.now() - timedelta(days=40))
    latest = make_assessment(
        world.case, world.alice, yes=11, at=timezone.now() - timedelta(days=12), lowering_reason=LOWER
    )
    summary = risk_panel_context(world.case, world.alice)["risk"]
    assert summary.latest == latest
    assert summary.age_days == 12
    html = panel_html(world.case, world.alice)
    current = html.split("Current grade")[1].split("</dd>")[0]
    assert "Medium" in current
    assert "11 of 24 answered yes" in current
    assert "Lowered from High by this checklist" in current
    assert "12 days ago" in html


def test_the_next_review_follows_the_grade(world: World) -> None:
    at = timezone.now() - timedelta(days=2)
    make_assessment(world.case, world.alice, yes=15, at=at)
    summary = risk_panel_context(world.case, world.alice)["risk"]
    assert summary.review_due == at + timedelta(days=7)
    assert not summary.review_overdue
    assert (at + timedelta(days=7)).strftime("%-d %b %Y") in panel_html(world.case, world.alice)


def test_an_overdue_review_is_flagged(world: World) -> None:
    make_assessment(world.case, world.alice, yes=2, at=timezone.now() - timedelta(days=57))
    summary = risk_panel_context(world.case, world.alice)["risk"]
    assert summary.review_overdue
    assert "Overdue" in panel_html(world.case, world.alice)


def test_review_intervals_are_configuration(world: World, settings: object) -> None:
    settings.RISK_REVIEW_DAYS = {"high": 7, "medium": 28, "standard": 30}  # type: ignore[attr-defined]
    at = timezone.now() - timedelta(days=1)
    make_assessment(world.case, world.alice, yes=2, at=at)
    assert risk_panel_context(world.case, world.alice)["risk"].review_due == at + timedelta(days=30)


def test_a_case_without_assessments_says_so(world: World) -> None:
    html = panel_html(world.case, world.alice)
    assert "No risk assessment yet." in html
    assert f"/cases/{world.case.pk}/risk/new/ric/" in html
    assert f"/cases/{world.case.pk}/risk/new/stalking/" in html


def count_queries(world: World) -> int:
    with CaptureQueriesContext(connection) as queries:
        panel_html(world.case, world.alice)
    return len(queries)


def test_the_panel_does_not_add_queries_per_assessment(world: World) -> None:
    start = timezone.now() - timedelta(days=100)
    make_assessment(world.case, world.alice, yes=15, at=start)
    one = count_queries(world)
    for index in range(1, 8):
        assessment = make_assessment(
            world.case, world.alice, yes=index * 3, at=start + timedelta(days=index * 10), lowering_reason=LOWER
        )
    from safeplan.marac.services.decisions import marac_decision_record

    marac_decision_record(actor=world.alice, assessment=assessment, decision="refer", reason="high")
    assert count_queries(world) == one
    # The recent assessments, every assessment's grade row, the latest decision, the drafts.
    assert one <= 4


def test_the_case_page_query_count_does_not_grow_with_assessments(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    make_assessment(world.case, world.alice, yes=15, at=timezone.now() - timedelta(days=50))
    client.get(f"/cases/{world.case.pk}/")  # the first request also refreshes the session
    with CaptureQueriesContext(connection) as first:
        assert client.get(f"/cases/{world.case.pk}/").status_code == 200
    for index in range(5):
        make_assessment(
            world.case, world.alice, yes=index, at=timezone.now() - timedelta(days=40 - index), lowering_reason=LOWER
        )
    with CaptureQueriesContext(connection) as second:
        client.get(f"/cases/{world.case.pk}/")
    assert len(second) == len(first)


@pytest.mark.parametrize("who", ["wendy", "mark"])
def test_readers_see_the_grade_and_the_prompt_without_actions(world: World, who: str) -> None:
    make_assessment(world.case, world.alice, yes=15)
    html = panel_html(world.case, getattr(world, who))
    assert "Refer to MARAC" in html
    assert "High" in html
    assert "Record the MARAC decision" not in html
