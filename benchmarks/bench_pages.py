"""Benchmark (not a test): key pages at a police force's volume on PostgreSQL, served by `safeplan serve`.

Run: make bench                      (the whole force: 10,080 cases and the rest, below)
     make bench BENCH_SCALE=0.1      (a tenth of it, for a quick run)
     .venv/bin/python benchmarks/bench_pages.py [--scale 1] [--seconds 5] [--concurrency 1,4,16]
         [--database postgres://postgres@127.0.0.1:5432/safeplan_bench] [--rebuild]

It builds one force's volume (at --scale 1: 10,080 cases, 95,000 events, 200,000 obligations,
25,700 assessments, 19,300 incidents, 455,000 audit events) in its own database, once: a later
run at the same scale reuses it. Rows go in through bulk paths that keep every hash chain valid
(each case's incident chain is sealed link by link, each audit chain keyed link by link), and
one "busy case" carries a long timeline, risk history, incident diary and audit trail.

It then serves the application with `safeplan serve` (gunicorn, the production server, its default
2 workers x 4 threads) and loads each page with 1, 4 and 16 concurrent signed-in users (each with
its own session and keep-alive connection, asking for gzip as a browser does) for --seconds each.
The floor is /bench/floor/: a signed-in page rendering the base layout with no content, through
the same middleware. For each page and concurrency it prints and writes to var/bench/latest.json
p50, p95, p99, requests per second, the page's queries and HTML bytes (counted in-process), and
p95_ratio, the page's p95 over the floor's p95 at the same concurrency in the same run.
Target (DESIGN.md section 9): every key page within 3x the floor at concurrency 4.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "bench"
FORCE = {
    "cases": 10_080,
    "events": 95_000,
    "obligations": 200_000,
    "assessments": 25_700,
    "incidents": 19_300,
    "audit": 455_000,
}
# The busy case's share: a long timeline, history, diary and trail.
BUSY = {"events": 600, "assessments": 120, "incidents": 400, "audit": 3_000}
TEAMS = 12
OFFICERS_PER_TEAM = 10
LOAD_USERS = 16
PORT = 8765
FIRST = ["Anna", "Beth", "Cara", "Dana", "Erin", "Faye", "Gwen", "Hana", "Isla", "Jane", "Kate", "Lucy"]
LAST = ["Smith", "Jones", "Evans", "Morgan", "Davies", "Hughes", "Price", "Lewis", "Owen", "Roberts"]


def environment(database: str) -> dict[str, str]:
    """Return the environment both this process and the server run with (same secrets under var/bench)."""
    return {
        **os.environ,
        "SAFEPLAN_MODE": "demo",
        "SAFEPLAN_VAR_DIR": str(VAR),
        "DATABASE_URL": database,
        "SAFEPLAN_BENCH_FLOOR": "1",
        "DJANGO_SETTINGS_MODULE": "safeplan.settings",
    }


def setup(database: str, *, rebuild: bool) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    os.environ.update(environment(database))
    sys.path.insert(0, str(ROOT / "src"))
    import psycopg

    name = database.rsplit("/", 1)[1]
    admin = database.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if rebuild:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Sessions are made and pages weighed in this process by Django's test client.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def marker(scale: float) -> str:
    return f"Bench Constabulary (synthetic, scale {scale:g})"


def build(scale: float) -> None:
    """Create the force's volume unless this database already holds it at this scale."""
    from django.conf import settings
    from django.db import connection, transaction

    from safeplan.accounts.models import Agency, Role, Team, User
    from safeplan.audit.models import AuditChainHead, AuditEvent
    from safeplan.audit.services import audit_keys
    from safeplan.audit.verbs import Verb
    from safeplan.cases.models import Case, Person
    from safeplan.content.events import event_rules
    from safeplan.domain.auditchain import chain_for, keyed_link
    from safeplan.domain.hashchain import GENESIS_HASH
    from safeplan.evidence import chain
    from safeplan.evidence.models import Incident
    from safeplan.risk.models import Assessment
    from safeplan.testing.risk import make_assessment
    from safeplan.timeline.models import CaseEvent, Obligation

    if Agency.objects.filter(name=marker(scale)).exists():
        print(f"reusing the data built at scale {scale:g}")
        return
    if Agency.objects.filter(name__startswith="Bench Constabulary").exists():
        raise SystemExit("this database holds another scale's data: run with --rebuild")
    want = {key: max(1, round(value * scale)) for key, value in FORCE.items()}
    rng = random.Random(14)  # noqa: S311 - synthetic data, not a secret
    began = time.perf_counter()
    now = datetime.now(UTC)
    agency = Agency.objects.create(name=marker(scale), kind=Agency.Kind.POLICE)
    teams = [Team.objects.create(agency=agency, name=f"Bench Team {n + 1}") for n in range(TEAMS)]
    officers: dict[int, list[Any]] = {}
    for team in teams:
        officers[team.pk] = [
            User.objects.create(username=f"bench.{team.pk}.{n}", role=Role.OFFICER, agency=agency, team=team)
            for n in range(OFFICERS_PER_TEAM)
        ]
        User.objects.create(username=f"bench.{team.pk}.supervisor", role=Role.SUPERVISOR, agency=agency, team=team)
    for n in range(LOAD_USERS):
        officers[teams[0].pk].append(
            User.objects.create(username=f"bench.load.{n}", role=Role.OFFICER, agency=agency, team=teams[0])
        )
        User.objects.create(username=f"bench.load.sup.{n}", role=Role.SUPERVISOR, agency=agency, team=teams[0])

    def ms() -> str:
        return f"{time.perf_counter() - began:6.1f}s"

    cases = []
    for n in range(want["cases"]):
        team = teams[0] if n == 0 else teams[n % TEAMS]
        crew = officers[team.pk]
        cases.append(
            Case(
                reference=f"SP-BNCH-{n:06d}",
                team=team,
                responsible_officer=crew[0] if n == 0 else rng.choice(crew),
                spoc=officers[team.pk][-1] if n == 0 else rng.choice(crew),
                created_by=crew[0],
                summary="Synthetic bench case",
                status="open" if n == 0 or rng.random() < 0.7 else "closed",
                closed_at=None,
            )
        )
    for case in cases:
        if case.status == "closed":
            case.closed_at = now
    Case.objects.bulk_create(cases, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET created_at = %s - (id %% 1100) * interval '1 day' WHERE team_id = ANY(%s)",
            [now, [t.pk for t in teams]],
        )
    busy = cases[0]
    people = []
    for n, case in enumerate(cases):
        people.append(
            Person(case=case, role=Person.Role.VICTIM, full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}-{n}")
        )
        people.append(Person(case=case, role=Person.Role.SUSPECT, full_name=f"Sam {rng.choice(LAST)}-{n}"))
    Person.objects.bulk_create(people, batch_size=5000)
    print(f"{ms()} {len(cases)} cases, {len(people)} people")

    # Events, each with about two obligations (notify the victim, reassess, review the plan).
    rules = event_rules()
    types = [t.id for t in rules.event_types]
    spread = [busy] * BUSY["events"] + [rng.choice(cases[1:] or cases) for _ in range(want["events"] - BUSY["events"])]
    events = [
        CaseEvent(
            case=case,
            type=rng.choice(types),
            rules_version=rules.version,
            occurred_at=now - timedelta(days=rng.uniform(0, 700)),
            recorded_by=case.responsible_officer,
        )
        for case in spread
    ]
    CaseEvent.objects.bulk_create(events, batch_size=5000)
    kinds = [Obligation.Kind.NOTIFY, Obligation.Kind.REASSESS, Obligation.Kind.REVIEW_PLAN]
    obligations = []
    for n in range(want["obligations"]):
        event = events[n % len(events)]
        due = event.occurred_at + timedelta(days=rng.uniform(1, 10))
        done = rng.random() < 0.9 and due < now
        obligations.append(
            Obligation(
                case=event.case,
                event=event,
                kind=kinds[n % 3],
                owner_role=Obligation.OwnerRole.SPOC,
                owner=event.case.spoc,
                working_days=5,
                due_at=due,
                done_at=due - timedelta(hours=2) if done else None,
                done_by=event.case.spoc if done else None,
                completion=Obligation.Completion.MANUAL if done else "",
            )
        )
    Obligation.objects.bulk_create(obligations, batch_size=5000)
    print(f"{ms()} {len(events)} events, {len(obligations)} obligations")

    # Assessments: one through the service (its grading, its audit), the rest copies of it on other cases and days.
    template = make_assessment(busy, busy.responsible_officer, yes=9, at=now - timedelta(days=800))
    fields = {
        f.name: getattr(template, f.name)
        for f in Assessment._meta.concrete_fields
        if f.name not in ("id", "case", "created_at", "assessed_on", "assessed_by")
    }
    spread = [busy] * (BUSY["assessments"] - 1) + [
        rng.choice(cases) for _ in range(want["assessments"] - BUSY["assessments"])
    ]
    copies = []
    for case in spread:
        at = now - timedelta(days=rng.uniform(0, 790))
        copies.append(
            Assessment(**fields, case=case, created_at=at, assessed_on=at.date(), assessed_by=case.responsible_officer)
        )
    Assessment.objects.bulk_create(copies, batch_size=2000)
    print(f"{ms()} {len(copies) + 1} assessments")

    # Incidents: each case's chain sealed link by link, as chain.seal_incident does one at a time.
    spread = [busy] * BUSY["incidents"] + [rng.choice(cases) for _ in range(want["incidents"] - BUSY["incidents"])]
    heads: dict[int, tuple[int, str]] = {}
    incidents = []
    for case in sorted(spread, key=lambda c: c.pk):
        sequence, previous = heads.get(case.pk, (0, GENESIS_HASH))
        incident = Incident(
            case=case,
            occurred_at=now - timedelta(days=rng.uniform(0, 700)),
            summary="Synthetic: he shouted and pushed her against the door.",
            victim_words="Synthetic account in her own words.",
            created_at=now,
            created_by=case.responsible_officer,
        )
        incident.sequence = sequence
        incident.previous_hash = previous
        incident.hash = chain.link_hash(previous, chain.ENTRY, chain.incident_payload(incident, []))
        heads[case.pk] = (sequence + 1, incident.hash)
        incidents.append(incident)
    Incident.objects.bulk_create(incidents, batch_size=2000)
    print(f"{ms()} {len(incidents)} incidents in {len(heads)} chains")

    # Audit: appended to each keyed chain from its current head, as record() does one at a time.
    ring = audit_keys()
    key = ring.key(ring.current)
    everyone = [u for crew in officers.values() for u in crew]
    with transaction.atomic():
        chain_heads = {h.chain: (h.sequence, h.hash) for h in AuditChainHead.objects.select_for_update()}
        made = 0
        batch: list[AuditEvent] = []
        start = now - timedelta(days=700)
        step = timedelta(days=700) / want["audit"]
        for n in range(want["audit"]):
            actor = rng.choice(everyone)
            case = busy if n < BUSY["audit"] else rng.choice(cases)
            number = chain_for(actor.pk, actor.username, settings.AUDIT_CHAINS)
            sequence, previous = chain_heads.get(number, (0, GENESIS_HASH))
            event = AuditEvent(
                chain=number,
                sequence=sequence + 1,
                occurred_at=start + step * n,
                actor=actor,
                actor_label=actor.username,
                verb=Verb.CASE_VIEWED,
                target_type="case",
                target_id=str(case.pk),
                case_id=case.pk,
                detail={},
                key_id=ring.current,
                previous_hash=previous,
            )
            event.hash = keyed_link(key, previous, event.chain_payload())
            chain_heads[number] = (event.sequence, event.hash)
            batch.append(event)
            if len(batch) == 10_000:
                AuditEvent.objects.bulk_create(batch)
                made += len(batch)
                batch = []
        AuditEvent.objects.bulk_create(batch)
        made += len(batch)
        for number, (sequence, head) in chain_heads.items():
            AuditChainHead.objects.update_or_create(chain=number, defaults={"sequence": sequence, "hash": head})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{ms()} {made} audit events; built")


def sessions() -> dict[str, list[str]]:
    """Return session cookies for the load users: officers (cases) and supervisors (team overdue)."""
    from django.test import Client

    from safeplan.accounts.models import User
    from safeplan.testing.signin import sign_in_verified

    found: dict[str, list[str]] = {"officer": [], "supervisor": []}
    for n in range(LOAD_USERS):
        for kind, name in (("officer", f"bench.load.{n}"), ("supervisor", f"bench.load.sup.{n}")):
            client = Client()
            sign_in_verified(client, User.objects.get(username=name))
            found[kind].append(client.cookies["sid"].value)
    return found


def pages(scale: float) -> list[tuple[str, str, str]]:
    """Return (name, path, who) for each page measured, the floor first."""
    from safeplan.cases.models import Case

    busy = Case.objects.get(reference="SP-BNCH-000000")
    return [
        ("floor", "/bench/floor/", "officer"),
        ("case page", f"/cases/{busy.pk}/", "officer"),
        ("timeline", f"/cases/{busy.pk}/timeline/", "officer"),
        ("risk history", f"/cases/{busy.pk}/risk/", "officer"),
        ("incident list", f"/cases/{busy.pk}/incidents/", "officer"),
        ("case audit", f"/cases/{busy.pk}/audit/", "supervisor"),
        ("my obligations", "/cases/obligations/", "officer"),
        ("team cases", "/cases/team/", "officer"),
        ("name search", "/cases/search/?q=Morgan-12", "officer"),
        ("team overdue", "/cases/obligations/team-overdue/", "supervisor"),
    ]


def weigh(path: str, cookie: str) -> tuple[int, int, int]:
    """Return (queries, HTML bytes, gzipped bytes) of one GET, in-process, after a warming GET."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies["sid"] = cookie
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return len(captured), len(response.content), len(gzip.compress(response.content))


def load(path: str, cookies: list[str], concurrency: int, seconds: float) -> dict[str, float]:
    """Return latency percentiles (ms) and throughput with `concurrency` users asking for path for `seconds`."""
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0]
    gate = threading.Barrier(concurrency + 1)
    stop_at = [0.0]

    def user(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        headers = {
            "Cookie": f"sid={cookies[index]}",
            "Accept-Encoding": "gzip",
            "Sec-Fetch-Site": "same-origin",
        }
        gate.wait()
        mine = latencies[index]
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors[0] += 1
            mine.append(time.perf_counter() - began)
        conn.close()

    threads = [threading.Thread(target=user, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    gate.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    every = sorted(v * 1000 for values in latencies for v in values)
    if errors[0]:
        raise SystemExit(f"{path}: {errors[0]} requests did not answer 200")
    cuts = statistics.quantiles(every, n=100) if len(every) > 1 else every * 99
    return {"p50_ms": cuts[49], "p95_ms": cuts[94], "p99_ms": cuts[98], "rps": len(every) / elapsed}


def serve(database: str) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 - our own entry point, no outside input
        [str(ROOT / ".venv" / "bin" / "safeplan"), "serve", "--port", str(PORT)],
        env=environment(database),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE") or 1))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS") or 5))
    parser.add_argument("--concurrency", default="1,4,16")
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/safeplan_bench"),
    )
    parser.add_argument("--rebuild", action="store_true", help="drop the bench database and build it again")
    options = parser.parse_args()
    levels = [int(n) for n in options.concurrency.split(",")]
    setup(options.database, rebuild=options.rebuild)
    build(options.scale)
    cookies = sessions()
    measured = pages(options.scale)
    weights = {name: weigh(path, cookies[who][0]) for name, path, who in measured}
    server = serve(options.database)
    rows: list[dict[str, Any]] = []
    try:
        # Every worker process and thread imports, connects and fills its caches before anything counts.
        for _, path, who in measured:
            load(path, cookies[who], 8, 1.0)
        for concurrency in levels:
            floor_p95 = None
            for name, path, who in measured:
                numbers = load(path, cookies[who], concurrency, options.seconds)
                floor_p95 = floor_p95 or numbers["p95_ms"]
                queries, html, gzipped = weights[name]
                rows.append(
                    {
                        "page": name,
                        "path": path,
                        "concurrency": concurrency,
                        **{k: round(v, 1) for k, v in numbers.items()},
                        "queries": queries,
                        "html_bytes": html,
                        "gzip_bytes": gzipped,
                        "p95_ratio": round(numbers["p95_ms"] / floor_p95, 2),
                    }
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"\n{os.cpu_count()} CPUs; scale {options.scale:g}; {options.seconds:g} s per page and level")
    print(
        f"{'page':<16}{'users':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}{'x floor':>9}"
        f"{'queries':>9}{'HTML KB':>9}{'gzip KB':>9}"
    )
    for row in rows:
        print(
            f"{row['page']:<16}{row['concurrency']:>6}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}"
            f"{row['rps']:>8.0f}{row['p95_ratio']:>9.2f}{row['queries']:>9}{row['html_bytes'] / 1024:>9.1f}"
            f"{row['gzip_bytes'] / 1024:>9.1f}"
        )
    at4 = [row for row in rows if row["concurrency"] == 4 and row["page"] != "floor"]
    over = [row["page"] for row in at4 if row["p95_ratio"] > 3]
    if at4:
        print("\nat 4 users every key page is within 3x the floor" if not over else f"\nover 3x at 4 users: {over}")
    (VAR / "latest.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(f"written to {VAR / 'latest.json'}")


if __name__ == "__main__":
    main()
