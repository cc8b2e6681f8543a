"""The history: what changed since the previous assessment, and the grade over time as SVG."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.content.instruments import instrument
from safeplan.personas import World
from safeplan.testing.risk import answers_with, make_assessment, panel_html
from safeplan.testing.signin import sign_in_verified


@pytest.fixture
def alice(world: World) -> Client:
    client = Client()
    sign_in_verified(client, world.alice)
    return client


def svg(html: str) -> str:
    found = re.findall(r"<svg[^>]*role=\"img\".*?</svg>", html, flags=re.S)
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("count", [1, 2, 5])
def test_the_chart_has_one_point_per_assessment(world: World, alice: Client, count: int) -> None:
    start = timezone.now() - timedelta(days=60)
    for index in range(count):
        make_assessment(world.case, world.alice, yes=index * 4, at=start + timedelta(days=10 * index))
    drawn = svg(alice.get(f"/cases/{world.case.pk}/risk/").content.decode())
    assert drawn.count("<circle") == count
    assert drawn.count("sp-risk-chart__point") == count
    assert svg(panel_html(world.case, world.alice)).count("<circle") == count


def test_the_chart_is_accessible_and_has_a_table_alternative(world: World, alice: Client) -> None:
    make_assessment(world.case, world.alice, yes=2, at=timezone.now() - timedelta(days=20))
    make_assessment(world.case, world.alice, yes=15)
    html = alice.get(f"/cases/{world.case.pk}/risk/").content.decode()
    drawn = svg(html)
    assert 'aria-labelledby="risk-history-chart-title risk-history-chart-desc"' in drawn
    assert '<title id="risk-history-chart-title">Risk grade over time</title>' in drawn
    desc = re.search(r'<desc id="risk-history-chart-desc">(.*?)</desc>', drawn, flags=re.S)
    assert desc is not None
    assert "2 assessments" in desc.group(1)
    assert "The latest grade is High" in desc.group(1)
    table = html.split('<table class="govuk-table">')[1].split("</table>")[0]
    assert table.count('<tr class="govuk-table__row">') == 3  # header and two assessments
    assert "15 of 24" in table
    assert "2 of 24" in table


def test_the_higher_grade_is_drawn_higher(world: World, alice: Client) -> None:
    make_assessment(world.case, world.alice, yes=2, at=timezone.now() - timedelta(days=5))
    make_assessment(world.case, world.alice, yes=15)
    drawn = svg(alice.get(f"/cases/{world.case.pk}/risk/").content.decode())
    points = re.findall(r'cx="([\d.]+)" cy="([\d.]+)"', drawn)
    (x1, y1), (x2, y2) = [(float(x), float(y)) for x, y in points]
    assert x1 < x2
    assert y2 < y1  # SVG y grows downwards


def test_each_assessment_shows_what_changed_since_the_previous_one(world: World, alice: Client) -> None:
    first = answers_with(yes=12)
    second = dict(first, threats_to_kill="yes", strangulation_or_suffocation="yes", weapons_or_objects="yes")
    second["very_frightened"] = "unknown"
    second["current_injury"] = "no"
    second["criminal_history"] = "yes"
    make_assessment(world.case, world.alice, answers=first, at=timezone.now() - timedelta(days=9))
    latest = make_assessment(world.case, world.alice, answers=second)
    assert latest.level == "high"
    html = alice.get(f"/cases/{world.case.pk}/risk/{latest.pk}/").content.decode()
    ric = instrument("ric")
    newly = html.split("4 factors newly answered yes")[1].split("</ul>")[0]
    for factor_id in ("weapons_or_objects", "threats_to_kill", "strangulation_or_suffocation", "criminal_history"):
        assert str(ric.factor(factor_id).question).replace("'", "&#x27;") in newly
    gone = html.split("2 factors no longer answered yes")[1].split("</ul>")[0]
    assert str(ric.factor("current_injury").question) in gone
    assert "the grade rose from" in html
    history = alice.get(f"/cases/{world.case.pk}/risk/").content.decode()
    assert "Grade rose from" in history
    assert "4 factors newly yes, 2 no longer yes" in history


def test_changes_compare_assessments_of_the_same_kind(world: World, alice: Client) -> None:
    make_assessment(world.case, world.alice, yes=5, at=timezone.now() - timedelta(days=9))
    make_assessment(world.case, world.alice, instrument_id="stalking", yes=9, at=timezone.now() - timedelta(days=3))
    latest = make_assessment(world.case, world.alice, yes=6, lowering_reason="The stalking has stopped since May.")
    html = alice.get(f"/cases/{world.case.pk}/risk/{latest.pk}/").content.decode()
    assert "1 factor newly answered yes" in html
    assert "the grade stayed" in html


def test_the_first_assessment_has_nothing_to_compare(world: World, alice: Client) -> None:
    only = make_assessment(world.case, world.alice, yes=5)
    html = alice.get(f"/cases/{world.case.pk}/risk/{only.pk}/").content.decode()
    assert "This is the first assessment of its kind on the case." in html


def test_viewing_the_history_and_an_assessment_is_audited(world: World, alice: Client) -> None:
    assessment = make_assessment(world.case, world.alice, yes=5)
    alice.get(f"/cases/{world.case.pk}/risk/")
    alice.get(f"/cases/{world.case.pk}/risk/{assessment.pk}/")
    assert AuditEvent.objects.get(verb=Verb.RISK_HISTORY_VIEWED).case_id == world.case.pk
    viewed = AuditEvent.objects.get(verb=Verb.RISK_ASSESSMENT_VIEWED)
    assert (viewed.target_id, viewed.actor) == (str(assessment.pk), world.alice)


def test_no_chart_without_assessments(world: World, alice: Client) -> None:
    html = alice.get(f"/cases/{world.case.pk}/risk/").content.decode()
    assert "<svg" not in html.split('id="main-content"')[1]
    assert "No risk assessment yet." in html


def test_the_history_page_does_not_add_queries_per_assessment(world: World, alice: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = timezone.now() - timedelta(days=80)
    make_assessment(world.case, world.alice, yes=15, at=start)
    alice.get(f"/cases/{world.case.pk}/risk/")  # the first request also refreshes the session
    with CaptureQueriesContext(connection) as one:
        alice.get(f"/cases/{world.case.pk}/risk/")
    for index in range(1, 6):
        make_assessment(
            world.case,
            world.alice,
            yes=index * 4,
            at=start + timedelta(days=index * 10),
            lowering_reason="Synthetic test reason: the order holds.",
        )
    with CaptureQueriesContext(connection) as six:
        alice.get(f"/cases/{world.case.pk}/risk/")
    assert len(six) == len(one)
