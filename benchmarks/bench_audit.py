"""Benchmark (not a test): audit `record()` throughput and p95 at 1, 2, 4, 8 and 16 threads on PostgreSQL.

Run: SAFEPLAN_MODE=test .venv/bin/python benchmarks/bench_audit.py [--seconds 5] [--chains 32]
     [--database postgres://postgres@127.0.0.1:5432/safeplan_bench_audit]

Creates the database if it is missing (and empties its audit tables), migrates it, and gives each
thread its own user (so its own chain, as in production where each request acts for one person).
Every call is a whole transaction: BEGIN, record(), COMMIT, as a page view's audit entry is. For
comparison it runs the same load with one chain (every writer on one head row, as before keyed
chains). Target: throughput at 16 threads at least that at 1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THREADS = (1, 2, 4, 8, 16)


def setup(database: str) -> None:
    os.environ.setdefault("SAFEPLAN_MODE", "test")
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import psycopg

    name = database.rsplit("/", 1)[1]
    admin = database.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run_level(users: list[object], threads: int, seconds: float) -> tuple[float, float, int]:
    """Return (calls per second, p95 in ms, calls) with `threads` writers for `seconds`."""
    from django.db import connections, transaction

    from safeplan.audit.services import record
    from safeplan.audit.verbs import Verb

    latencies: list[list[float]] = [[] for _ in range(threads)]
    start = threading.Barrier(threads + 1)
    stop_at = [0.0]

    def worker(index: int) -> None:
        user = users[index]
        start.wait()
        mine = latencies[index]
        try:
            while time.perf_counter() < stop_at[0]:
                began = time.perf_counter()
                with transaction.atomic():
                    record(actor=user, verb=Verb.CASE_VIEWED, case_id=index + 1, detail={"bench": True})  # type: ignore[arg-type]
                mine.append(time.perf_counter() - began)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker, args=(index,)) for index in range(threads)]
    for thread in pool:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start.wait()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - began
    every = sorted(value for values in latencies for value in values)
    p95 = statistics.quantiles(every, n=20)[-1] * 1000 if len(every) > 1 else 0.0
    return len(every) / elapsed, p95, len(every)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long each level runs")
    parser.add_argument("--chains", type=int, default=32, help="SAFEPLAN_AUDIT_CHAINS for the main run")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/safeplan_bench_audit")
    options = parser.parse_args()
    setup(options.database)
    from django.conf import settings
    from django.db import connection

    from safeplan.accounts.models import Agency, Role, Team, User

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent, audit_auditchainhead, audit_auditcheckpoint")
    agency, _ = Agency.objects.get_or_create(name="Bench Police (synthetic)", defaults={"kind": Agency.Kind.POLICE})
    team, _ = Team.objects.get_or_create(agency=agency, name="Bench Team")
    users = []
    for index in range(max(THREADS)):
        user, _ = User.objects.get_or_create(
            username=f"bench.audit.{index}", defaults={"role": Role.OFFICER, "agency": agency, "team": team}
        )
        users.append(user)
    # Consecutive ids spread over the chains; report how many distinct chains the 16 writers use.
    from safeplan.domain.auditchain import chain_for

    print(f"PostgreSQL {connection.pg_version}, {os.cpu_count()} CPUs, {options.seconds:g} s per level")
    for chains in (options.chains, 1):
        settings.AUDIT_CHAINS = chains
        used = len({chain_for(user.pk, "", chains) for user in users})
        print(f"\nchains={chains} (the 16 writers use {used} of them)")
        print(f"{'threads':>8} {'calls/s':>10} {'p95 ms':>8} {'calls':>8}")
        results = {}
        for threads in THREADS:
            rate, p95, calls = run_level(users, threads, options.seconds)
            results[threads] = rate
            print(f"{threads:>8} {rate:>10.0f} {p95:>8.1f} {calls:>8}")
        verdict = "meets" if results[16] >= results[1] else "MISSES"
        print(f"16 threads / 1 thread = {results[16] / results[1]:.2f} ({verdict} the target of at least 1)")
    from safeplan.audit.verification import verify_chain

    print("\n" + verify_chain().message)


if __name__ == "__main__":
    main()
