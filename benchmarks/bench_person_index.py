"""Benchmark (not a test): the person index at one force's volume.

Run: SAFEPLAN_MODE=test .venv/bin/python benchmarks/bench_person_index.py [--cases N]

In a fresh SQLite database, makes N cases (one victim and one suspect each, one suspect in 50
sharing a name and date of birth with another), then prints: the first sync (indexing every
suspect), a full sync with nothing new (the tick's sweep), the sync of one case's suspect
(what a case page pays), a lookup that finds a match, and a sync after one suspect changed.
A case page syncs only its own suspects; the tick sweeps everyone.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    cases = parser.parse_args().cases
    workdir = Path(tempfile.mkdtemp(prefix="bench-index-"))
    os.environ.setdefault("SAFEPLAN_MODE", "test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from safeplan.accounts.models import Agency, Role, Team, User
    from safeplan.cases.models import Case, Person
    from safeplan.perpetrators.index import index_sync
    from safeplan.perpetrators.models import IndexEntry
    from safeplan.perpetrators.selectors import index_lookup

    agency = Agency.objects.create(name="Bench Police", kind=Agency.Kind.POLICE)
    team = Team.objects.create(agency=agency, name="Bench")
    officer = User.objects.create(username="bench", role=Role.OFFICER, agency=agency, team=team)
    made = [
        Case(reference=f"SP-B-{n:07d}", team=team, responsible_officer=officer, spoc=officer, created_by=officer)
        for n in range(cases)
    ]
    Case.objects.bulk_create(made, batch_size=2000)
    people = []
    for n, case in enumerate(Case.objects.order_by("pk")):
        people.append(Person(case=case, role="victim", full_name=f"Victim Number{n}"))
        suspect = f"Suspect Name{n // 2 if n % 50 == 0 else n}"
        people.append(Person(case=case, role="suspect", full_name=suspect, date_of_birth=date(1980, 1, 1 + n % 28)))
    Person.objects.bulk_create(people, batch_size=5000)

    def timed(label: str, action) -> None:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        action()
        print(f"{label}: {(time.perf_counter() - start) * 1000:.1f} ms")

    timed(f"first sync of {cases} suspects", index_sync)
    timed("full sync with nothing new (the tick's sweep)", index_sync)
    some = Person.objects.filter(role="suspect").order_by("-pk").values_list("pk", flat=True)[:1]
    timed("sync of one case's suspect (what a case page pays)", lambda: index_sync(list(some)))
    entry = IndexEntry.objects.order_by("pk").first()
    assert entry is not None
    timed("lookup of one suspect", lambda: index_lookup(actor=officer, entry=entry, case_id=None))
    Person.objects.filter(pk=entry.person_id).update(full_name="Changed Name", version=5)
    timed("sync after one suspect changed", index_sync)


if __name__ == "__main__":
    main()
