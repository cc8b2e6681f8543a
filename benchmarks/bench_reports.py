"""Benchmark (not a test): every report at one force's volume.

Run: SAFEPLAN_MODE=test .venv/bin/python benchmarks/bench_reports.py [--cases 10000]

In a fresh SQLite database (or DATABASE_URL), makes N cases in one team (the dashboard's
scope, so the worst case), 10 events and 10 notify obligations a case, 3 risk assessments a
case, a MARAC referral, agenda item and actions for one case in three, and N / 20 Clare's Law
requests. Then prints, for each report, the database queries and the time it takes: the
queries must not grow with N (the tests check it at two sizes), the time is what it is.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    cases = parser.parse_args().cases
    workdir = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    os.environ.setdefault("SAFEPLAN_MODE", "test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from safeplan.accounts.models import Agency, Role, Team, User
    from safeplan.cases.models import Case
    from safeplan.marac.models import MaracArea
    from safeplan.reports import dashboard, neighbourhood, returns
    from safeplan.reports.periods import current_quarter, recent_quarters
    from safeplan.risk.models import Assessment
    from safeplan.testing import reports as synthetic
    from safeplan.timeline.models import CaseEvent, Obligation

    agency = Agency.objects.create(name="Bench Police", kind=Agency.Kind.POLICE)
    team = Team.objects.create(agency=agency, name="Bench")
    officers = [
        User.objects.create(username=f"bench{n}", role=Role.OFFICER, agency=agency, team=team) for n in range(20)
    ]
    supervisor = User.objects.create(username="boss", role=Role.SUPERVISOR, agency=agency, team=team)
    coordinator = User.objects.create(username="coord", role=Role.MARAC_COORDINATOR, agency=agency, team=team)
    area = MaracArea.objects.create(name="Bench MARAC", host_agency=agency, cadence=MaracArea.Cadence.WEEKLY)
    area.coordinators.add(coordinator)
    start = time.perf_counter()
    synthetic.fill(team, officers, cases, area=area, coordinator=coordinator, agencies=[agency])
    synthetic.requests(team, officers[0], max(1, cases // 20))
    # Up to 10 events, 10 obligations and 3 assessments a case.
    now = timezone.now()
    ids = list(Case.objects.values_list("pk", flat=True))
    quarter = current_quarter()
    events = [
        CaseEvent(
            case_id=pk,
            type=synthetic.NOTIFY_TYPES[(pk + k) % len(synthetic.NOTIFY_TYPES)],
            rules_version=1,
            occurred_at=quarter.start + timedelta(hours=k),
            recorded_by=officers[0],
        )
        for pk in ids
        for k in range(9)
    ]
    CaseEvent.objects.bulk_create(events, batch_size=5000)
    rows = CaseEvent.objects.filter(case_id__in=ids).values_list("pk", "case_id", "occurred_at")
    Obligation.objects.bulk_create(
        [
            Obligation(
                case_id=case_id,
                event_id=pk,
                kind="notify",
                owner_role="spoc",
                owner=officers[pk % 20],
                working_days=1,
                due_at=occurred + timedelta(days=1),
                done_at=occurred + timedelta(hours=12 + pk % 30) if pk % 4 else None,
                done_by=officers[0] if pk % 4 else None,
                completion="notified" if pk % 4 else "",
            )
            for pk, case_id, occurred in rows
        ],
        batch_size=5000,
    )
    base = Assessment.objects.filter(case_id__in=ids).values("case_id").distinct().count()
    extra = []
    for pk in ids:
        for k in range(2 if pk % 4 != 3 else 3):
            level = synthetic.LEVELS[(pk + k) % 3]
            extra.append(
                Assessment(
                    case_id=pk,
                    instrument_id="ric",
                    instrument_version=1,
                    answers={},
                    level=level,
                    score_level=level,
                    yes_count=0,
                    factor_count=24,
                    medium_from=10,
                    high_from=14,
                    escalation_from=3,
                    incidents_last_12_months=0,
                    assessed_on=timezone.localdate(now),
                    victim_view="not_sure",
                    case_grade_after=level,
                    trigger="review",
                    assessed_by=officers[0],
                    created_at=now - timedelta(days=10 - k),
                )
            )
    Assessment.objects.bulk_create(extra, batch_size=5000)
    print(
        f"made {Case.objects.count()} cases, {CaseEvent.objects.count()} events, "
        f"{Obligation.objects.count()} obligations, {Assessment.objects.count()} assessments "
        f"({base} cases assessed before) in {time.perf_counter() - start:.1f} s"
    )

    def measure(label: str, action: Callable[[], Any]) -> None:
        action()  # warm
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            action()
            took = (time.perf_counter() - began) * 1000
        print(f"{label}: {len(captured)} queries, {took:.0f} ms")

    measure("team dashboard", lambda: dashboard.dashboard(supervisor, quarter))
    measure("Victims' Code compliance, 4 quarters", lambda: returns.compliance(supervisor, recent_quarters(4)))
    measure("neighbourhood figures", lambda: neighbourhood.figures(supervisor, quarter))
    measure("Clare's Law return", lambda: returns.clares_law(supervisor, quarter))
    measure("MARAC return", lambda: returns.marac_return(area, quarter))


if __name__ == "__main__":
    main()
