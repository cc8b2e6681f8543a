"""Benchmark (not a test): export and verify the evidence bundle of a case with 1,000 incidents and 200 exhibits.

Run: SAFEPLAN_MODE=test .venv/bin/python benchmarks/bench_evidence_bundle.py [--incidents N] [--exhibits N]

Runs the scenario twice, each in a fresh process with its own temporary SQLite database and
media folder: once with small exhibits (10 KB) and once with large ones (1 MB), and prints the
time of each phase and the peak memory of the export and verification (tracemalloc) and of the
whole process (getrusage maxrss). The two peaks should be about equal: the exhibits are streamed,
never held whole in memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_scenario(incidents: int, exhibits: int, exhibit_kb: int) -> dict[str, float]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-evidence-"))
    os.environ.setdefault("SAFEPLAN_MODE", "test")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    settings.MEDIA_ROOT = workdir / "media"
    call_command("migrate", verbosity=0)

    from safeplan.accounts.models import Agency, Role, Team, User
    from safeplan.cases.models import Case
    from safeplan.domain.manifest import verify_bundle, write_bundle
    from safeplan.evidence import exports, services

    started = time.perf_counter()
    agency = Agency.objects.create(name="Bench Police (synthetic)", kind=Agency.Kind.POLICE)
    team = Team.objects.create(agency=agency, name="Bench Team")
    officer = User.objects.create_user(
        username="bench",
        password="x-long-password-9",  # noqa: S106 - a throwaway benchmark user
        role=Role.OFFICER,
        agency=agency,
        team=team,
    )
    case = Case.objects.create(
        reference="SP-BENCH-0001",
        team=team,
        responsible_officer=officer,
        spoc=officer,
        created_by=officer,
        summary="Synthetic",
    )
    first = datetime(2024, 1, 1, 9, tzinfo=UTC)
    rows = []
    for index in range(incidents):
        rows.append(
            services.incident_record(
                actor=officer,
                case=case,
                data={
                    "occurred_at": first + timedelta(hours=7 * index),
                    "time_is_approximate": index % 10 == 0,
                    "approximation": "about then (synthetic)" if index % 10 == 0 else "",
                    "summary": f"Synthetic incident {index}: he came to the door and shouted.",
                    "victim_words": "He said I would never get away from him. I was scared.",
                    "place": "Outside the house (synthetic)",
                    "body_regions": ["left_arm"] if index % 3 == 0 else [],
                    "effect": "Could not sleep.",
                },
            )
        )
    for index in range(exhibits):
        # Random bytes do not compress, so the bundle really holds every byte.
        body = b"%PDF-1.4\n" + os.urandom(exhibit_kb * 1024)
        upload = SimpleUploadedFile(f"exhibit-{index}.pdf", body)
        services.attachment_add(
            actor=officer,
            case=case,
            incident=rows[index * incidents // exhibits],
            upload=upload,
            name=upload.name,
            size=len(body),
        )
        del body, upload
    setup_seconds = time.perf_counter() - started

    # The whole export as a user runs it (chain check, chronology PDF, exhibits, manifest), untraced:
    # tracemalloc would slow WeasyPrint several times over.
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu_before = time.process_time()
    started = time.perf_counter()
    built = exports.bundle_export(actor=officer, case=case)
    export_seconds = time.perf_counter() - started
    export_cpu = time.process_time() - cpu_before
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    # Traced: streaming every exhibit into a bundle (decrypt, hash, compress) and verifying it.
    tracemalloc.start()
    baseline, _ = tracemalloc.get_traced_memory()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as target:
        write_bundle(
            target,
            reference=case.reference,
            chain_head=built.manifest.chain_head,
            created_at=built.manifest.created_at,
            members=((f"exhibits/{item.name}", item.open()) for item in exports._exhibits(case, False)),
            compression=zipfile.ZIP_STORED,
        )
    stream_seconds = time.perf_counter() - started
    _, stream_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as plain:
        for chunk in built.chunks():
            plain.write(chunk)
        plain.seek(0)
        verification = verify_bundle(plain, expected_sha256=built.sha256)
    verify_seconds = time.perf_counter() - started
    _, verify_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if not verification.ok:
        raise SystemExit(verification.summary)
    size = built.size
    return {
        "exhibit_kb": exhibit_kb,
        "incidents": incidents,
        "exhibits": exhibits,
        "files_in_bundle": len(built.manifest.files),
        "bundle_mb": round(size / 1024 / 1024, 1),
        "setup_s": round(setup_seconds, 1),
        "export_s": round(export_seconds, 1),
        "export_cpu_s": round(export_cpu, 1),
        "verify_s": round(verify_seconds, 1),
        "stream_exhibits_s": round(stream_seconds, 1),
        "stream_peak_traced_mb": round((stream_peak - baseline) / 1024 / 1024, 2),
        "verify_peak_traced_mb": round((verify_peak - baseline) / 1024 / 1024, 2),
        "maxrss_before_export_mb": round(rss_before / 1024, 1),
        "maxrss_after_export_mb": round(rss_after / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--exhibits", type=int, default=200)
    parser.add_argument("--sizes-kb", default="10,1024", help="exhibit sizes to compare, in KB")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(run_scenario(args.incidents, args.exhibits, args.child)))
        return
    results = []
    for size in (int(item) for item in args.sizes_kb.split(",")):
        output = subprocess.run(  # noqa: S603 - runs this same script
            [
                sys.executable,
                __file__,
                "--child",
                str(size),
                "--incidents",
                str(args.incidents),
                "--exhibits",
                str(args.exhibits),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    keys = list(results[0])
    headers = [f"{r['exhibit_kb']} KB exhibits" for r in results]
    print(" " * 24 + "".join(f"{header:>20}" for header in headers))
    for key in keys:
        print(f"{key:24}" + "".join(f"{r[key]:>20}" for r in results))
    small, large = results[0], results[-1]
    print(
        f"\nExhibit size x{large['exhibit_kb'] / small['exhibit_kb']:.0f}: traced peak while streaming the exhibits "
        f"{small['stream_peak_traced_mb']} -> {large['stream_peak_traced_mb']} MB, while verifying "
        f"{small['verify_peak_traced_mb']} -> {large['verify_peak_traced_mb']} MB; process maxrss after export "
        f"{small['maxrss_after_export_mb']} -> {large['maxrss_after_export_mb']} MB."
    )


if __name__ == "__main__":
    main()
