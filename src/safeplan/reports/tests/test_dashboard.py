"""The team dashboard: figures agree with a slow, obvious count of the same rows; scope, links, audit, queries."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case
from safeplan.marac.models import MaracAction, MaracReferral
from safeplan.personas import World
from safeplan.reports import dashboard, services
from safeplan.reports.periods import current_quarter
from safeplan.reports.rights import right_for
from safeplan.risk.selectors import case_grade, grade_rows
from safeplan.testing import reports as synthetic
from safeplan.testing.lists import assert_bounded
from safeplan.testing.marac import marac_world
from safeplan.testing.signin import sign_in_verified
from safeplan.timeline.models import Obligation

OUTCOME_OF_STATE = {
    "done": "on_time",
    "done_late": "late",
    "overdue": "overdue",
    "due_today": "pending",
    "upcoming": "pending",
}


@pytest.fixture
def filled(world: World) -> synthetic.Made:
    area = marac_world(world).area
    made = synthetic.fill(
        world.north,
        [world.alice, world.bob],
        60,
        area=area,
        coordinator=world.mark,
        agencies=[world.agency, world.health],
    )
    # Another team's cases must never be counted.
    synthetic.fill(world.south, [world.charlie], 20, area=area, coordinator=world.mark)
    synthetic.requests(world.north, world.alice, 12)
    synthetic.requests(world.south, world.charlie, 5)
    return made


def test_caseload_by_grade_and_owner_matches_the_risk_apps_own_grade(world: World, filled: synthetic.Made) -> None:
    board = dashboard.dashboard(world.sue, current_quarter())
    expected: Counter[tuple[str, str]] = Counter()
    for case in Case.objects.filter(team=world.north, status="open"):
        grade = case_grade(grade_rows(case)).level or "none"
        expected[(str(case.responsible_officer_id), grade)] += 1
    assert board.caseload.cells == {key: n for key, n in expected.items() if n}
    assert board.caseload.total == Case.objects.filter(team=world.north, status="open").count()
    assert set(board.owners) == {str(world.alice.pk), str(world.bob.pk)}


def test_obligations_by_kind_and_right_match_each_obligations_own_state(world: World, filled: synthetic.Made) -> None:
    quarter = current_quarter()
    missed = [
        o
        for o in Obligation.objects.filter(case__team=world.north).order_by("pk")
        if quarter.start <= o.due_at < quarter.end and services.is_missed(o)
    ]
    for o, reason in zip(missed[:6], ["capacity", "information_late"] * 3, strict=False):
        services.late_reason_save(actor=world.sue, obligation=o, reason=reason, note="", version=0)
    board = dashboard.dashboard(world.sue, quarter)
    now = board.now
    by_kind: Counter[tuple[str, str]] = Counter()
    by_right: Counter[tuple[str, str]] = Counter()
    late_how: Counter[tuple[str, str]] = Counter()
    for o in Obligation.objects.filter(case__team=world.north).select_related("event", "late_reason"):
        if not quarter.start <= o.due_at < quarter.end:
            continue
        outcome = OUTCOME_OF_STATE[o.state(now)]
        by_kind[(o.kind, outcome)] += 1
        if o.kind == "notify":
            by_right[(str(right_for(o.event.type if o.event else None, o.owner_role)), outcome)] += 1
        if outcome in ("late", "overdue"):
            late = getattr(o, "late_reason", None)
            late_how[(o.kind, late.reason if late else "not_recorded")] += 1
    assert board.by_kind.cells == dict(by_kind)
    assert board.by_right.cells == dict(by_right)
    assert board.missed_why.cells == dict(late_how)
    assert {reason for _, reason in late_how} >= {"not_recorded", "capacity", "information_late"}
    # Every outcome occurs in the synthetic rows, so the test would notice one counted wrongly.
    assert {outcome for _, outcome in by_kind} == {"on_time", "late", "overdue", "pending"}
    assert {right for right, _ in by_right} == {"6", "8", "9", "11"}


def test_reviews_overdue_repeats_actions_and_requests_match_the_rows(world: World, filled: synthetic.Made) -> None:
    quarter = current_quarter()
    board = dashboard.dashboard(world.sue, quarter)
    now = board.now
    overdue = Counter(
        o.kind
        for o in Obligation.objects.filter(case__team=world.north, kind__in=dashboard.REVIEW_KINDS)
        if o.state(now) == "overdue"
    )
    assert board.reviews_overdue == {str(kind): overdue[kind] for kind in dashboard.REVIEW_KINDS}
    assert sum(overdue.values()) > 0
    referrals = [
        r for r in MaracReferral.objects.filter(case__team=world.north) if quarter.start <= r.referred_at < quarter.end
    ]
    assert board.referrals == len(referrals) > 0
    assert board.repeats == sum("repeat" in r.grounds for r in referrals) > 0
    today = timezone.localdate(now)
    lateness: Counter[tuple[str, str]] = Counter()
    for action in MaracAction.objects.filter(case__team=world.north).select_related("agency"):
        if action.state != "open":
            continue
        days = (today - action.due_on).days
        bucket = "not_due" if days <= 0 else "late_1_7" if days <= 7 else "late_8_28" if days <= 28 else "late_29"
        lateness[(action.agency.name, bucket)] += 1
    assert board.actions.cells == dict(lateness)
    assert len({bucket for _, bucket in lateness}) == 4
    from safeplan.disclosure.models import DisclosureRequest

    stages: Counter[tuple[str, str]] = Counter()
    for request in DisclosureRequest.objects.filter(team=world.north, closed_at__isnull=True).prefetch_related(
        "disclosures", "reassessments"
    ):
        age = now - request.received_at
        bucket = "under_10" if age.days < 10 else "10_to_28" if age.days < 28 else "over_28"
        stages[(request.stage, bucket)] += 1
    assert board.requests is not None
    assert board.requests.cells == dict(stages)


def test_the_page_links_each_figure_to_the_list_behind_it(world: World, filled: synthetic.Made) -> None:
    client = Client()
    sign_in_verified(client, world.sue)
    page = client.get("/reports/team/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/reports/team/list/cases/?owner=" in html
    high = client.get("/reports/team/list/cases/?grade=high")
    assert high.status_code == 200
    expected = [
        c.reference
        for c in Case.objects.filter(team=world.north, status="open")
        if case_grade(grade_rows(c)).level == "high"
    ]
    assert high.context["page"].total == len(expected) > 0
    south = Case.objects.filter(team=world.south).first()
    assert south is not None
    assert south.reference not in high.content.decode()


def test_every_run_and_export_is_audited_with_its_parameters(world: World, filled: synthetic.Made) -> None:
    client = Client()
    sign_in_verified(client, world.sue)
    quarter = str(current_quarter())
    client.get(f"/reports/team/?quarter={quarter}")
    csv = client.get(f"/reports/team/?quarter={quarter}&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert csv["Content-Disposition"].startswith('attachment; filename="team-')
    body = csv.content.decode()
    assert "Open cases by grade and responsible officer" in body
    runs = list(AuditEvent.objects.filter(actor=world.sue, verb__in=[Verb.REPORT_VIEWED, Verb.REPORT_EXPORTED]))
    assert [(e.verb, e.detail.get("quarter"), e.detail.get("format")) for e in runs] == [
        (Verb.REPORT_VIEWED, quarter, None),
        (Verb.REPORT_EXPORTED, quarter, "csv"),
    ]
    printable = client.get(f"/reports/team/?quarter={quarter}&format=print")
    assert printable.status_code == 200
    assert 'href="/reports/team/list/' not in printable.content.decode()


def test_only_a_teams_supervisor_sees_its_dashboard(world: World) -> None:
    for user in [world.alice, world.wendy, world.mark, world.ida, world.adam, world.pat, world.olga]:
        client = Client()
        sign_in_verified(client, user)
        expected = 200 if user == world.olga else 404  # Olga supervises her own team, and sees only it
        assert client.get("/reports/team/").status_code == expected, user.username
        assert client.get("/reports/team/list/cases/").status_code == expected, user.username


def test_an_unknown_figure_or_value_answers_404(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.sue)
    assert client.get("/reports/team/list/nothing/").status_code == 404
    assert client.get("/reports/team/list/cases/?grade=purple").status_code == 404
    assert client.get("/reports/team/list/obligations/?right=99").status_code == 404
    assert client.get("/reports/team/?format=xls").status_code == 404


def test_the_dashboard_costs_the_same_queries_for_more_cases(world: World, settings: object) -> None:
    area = marac_world(world).area
    client = Client()
    sign_in_verified(client, world.sue)

    def add(n: int) -> None:
        synthetic.fill(world.north, [world.alice, world.bob], n, area=area, coordinator=world.mark)
        synthetic.requests(world.north, world.alice, n // 4 + 1)

    assert_bounded(client, "/reports/team/", add, page=10)
    assert_bounded(client, "/reports/team/list/obligations/", add, page=25)


def _chart(html: str, key: str) -> dict[str, int]:
    """The bars of one chart, read back from its text description ("label: value; ...")."""
    import re
    from html import unescape

    found = re.search(rf'<desc id="chart-{key}-desc">(.*?)</desc>', html, re.S)
    assert found, f"no chart for {key}"
    bars = [part.rsplit(": ", 1) for part in unescape(found.group(1)).split("; ") if part]
    return {label: int(value) for label, value in bars}


def test_each_figure_is_drawn_as_a_chart_that_agrees_with_a_slow_count(world: World, filled: synthetic.Made) -> None:
    client = Client()
    sign_in_verified(client, world.sue)
    html = client.get("/reports/team/").content.decode()
    board = dashboard.dashboard(world.sue, current_quarter())
    per_owner: Counter[str] = Counter(
        str(board.owners[str(case.responsible_officer_id)])
        for case in Case.objects.filter(team=world.north, status="open")
    )
    assert _chart(html, "caseload") == dict(per_owner)
    # The board's figures are checked against the rows above; the chart must draw exactly them.
    kinds = dict(Obligation.Kind.choices)
    assert _chart(html, "obligations") == {str(kinds[k]): board.by_kind.row_total(k) for k in board.by_kind.rows}
    assert sum(_chart(html, "obligations").values()) == board.by_kind.total > 0
    # The printable page draws the same charts.
    printed = client.get("/reports/team/?format=print").content.decode()
    assert _chart(printed, "caseload") == dict(per_owner)


def test_a_hidden_count_is_never_drawn() -> None:
    from safeplan.reports.tables import ReportTable, Shown

    table = ReportTable("t", "Caption", ["Area", "Cases"], chart_column=1)
    table.add(Shown("North"), Shown(42))
    table.add(Shown("South"), Shown("[x]", suppressed=True))
    table.add(Shown("Total"), Shown(50))
    chart = table.chart()
    assert chart is not None
    assert [(bar.label, bar.value) for bar in chart.bars] == [("North", 42)]
    assert ReportTable("u", "No chart", ["A", "B"]).chart() is None
