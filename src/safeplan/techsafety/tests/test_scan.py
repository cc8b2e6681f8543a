"""The advocate-run Android scan: the command (recorded outputs and a stand-in adb) and the case's upload page."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case
from safeplan.personas import World
from safeplan.techsafety.indicatorlist import FOLDER, indicator_list
from safeplan.techsafety.models import TechScan
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.techsafety import DUMPS, recorded_scan


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("techscan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def findings_json(dump: str) -> list[dict[str, str]]:
    out, _ = run("--from-dump", str(DUMPS / dump), "--json")
    result: list[dict[str, str]] = json.loads(out)
    return result


def test_a_phone_with_known_stalkerware_is_reported_high_with_its_name() -> None:
    found = findings_json("stalkerware")
    assert found[0] == {
        "kind": "stalkerware",
        "package": "com.apspy.app",
        "name": "TheTruthSpy",
        "severity": "high",
        "why": "Its package name is on the stalkerware indicator list as TheTruthSpy.",
    }
    assert {(f["kind"], f["package"]) for f in found} >= {
        ("device_admin", "com.apspy.app"),
        ("accessibility", "com.apspy.app"),
        ("notification_listener", "com.apspy.app"),
        ("watchware", "com.wondershare.famisafe.kids"),
    }
    # Allowed apps (TalkBack, Wear OS, Play services as admin) are not flagged.
    assert not {f["package"] for f in found} & {"com.google.android.marvin.talkback", "com.google.android.gms"}
    assert all(set(f) == {"kind", "package", "name", "severity", "why"} for f in found)


def test_a_phone_with_play_protect_off_is_reported() -> None:
    found = findings_json("play_protect_off")
    assert [(f["kind"], f["package"], f["severity"]) for f in found] == [
        ("setting", "package_verifier_enable", "high"),
        ("setting", "package_verifier_user_consent", "high"),
        ("sideloaded", "com.example.gpsstatus", "medium"),
        ("setting", "install_non_market_apps", "low"),
    ]


def test_a_clean_phone_has_no_findings_and_the_report_says_that_proves_nothing() -> None:
    assert findings_json("clean") == []
    out, _ = run("--from-dump", str(DUMPS / "clean"))
    assert "Possible signs, not proof; no match proves nothing." in out
    assert "This proves nothing either." in out
    assert indicator_list().sha256 in out
    assert "2026-06-21" in out


def test_the_report_names_the_files_sha256_as_shipped() -> None:
    digest = hashlib.sha256()
    for name in ("ioc.yaml", "watchware.yaml"):
        digest.update((FOLDER / name).read_bytes())
    assert indicator_list().sha256 == digest.hexdigest()


def test_the_vendored_list_is_the_shared_copy_unchanged_with_its_attribution() -> None:
    notice = (FOLDER / "NOTICE.md").read_text()
    assert "CC BY 4.0" in notice
    assert "https://creativecommons.org/licenses/by/4.0/" in notice
    assert "a04c5c1958bff93fec3b1b56edbb412b209f2a38" in notice
    assert "com.apspy.app" in indicator_list().packages


def test_saving_to_the_case_keeps_only_the_findings_encrypted_and_audited(world: World) -> None:
    run("--from-dump", str(DUMPS / "stalkerware"), "--case", world.case.reference, "--user", world.alice.username)
    saved = TechScan.objects.get(case=world.case)
    assert saved.findings["findings"][0]["package"] == "com.apspy.app"
    assert saved.indicators_sha256 == indicator_list().sha256
    assert "2026-06-21" in saved.indicators_source
    with connection.cursor() as cursor:
        cursor.execute("SELECT findings FROM techsafety_techscan")
        (stored,) = cursor.fetchone()
    assert "com.apspy.app" not in stored
    # Nothing else from the phone: its ordinary apps are not in the report.
    assert "com.whatsapp" not in json.dumps(saved.findings)
    event = AuditEvent.objects.get(verb=Verb.TECH_SCAN_RECORDED)
    assert (event.case_id, event.detail["findings"]) == (world.case.pk, len(saved.findings["findings"]))


def test_someone_outside_the_team_cannot_save_to_the_case(world: World) -> None:
    with pytest.raises(CommandError, match="may not add"):
        run("--from-dump", str(DUMPS / "clean"), "--case", world.case.reference, "--user", world.charlie.username)
    assert not TechScan.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from-dump", "/no/such/folder"], "not a folder"),
        (["--from-dump", str(DUMPS)], "packages.txt is missing"),
        (["--from-dump", str(DUMPS / "clean"), "--case", "SP-TEST-0001"], "both --case and --user"),
    ],
)
def test_bad_arguments_say_what_to_do(db: None, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_a_damaged_recording_is_refused(tmp_path: Path) -> None:
    (tmp_path / "packages.txt").write_text("this is not the output of pm\n")
    with pytest.raises(CommandError, match="could not be read"):
        run("--from-dump", str(tmp_path))


def fake_adb(folder: Path, dump: str, state: str = "device") -> Path:
    """Write a stand-in for Debian's adb that answers from a recorded dump, and return its folder."""
    source = DUMPS / dump
    script = folder / "adb"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = devices ]; then printf "List of devices attached\\nSERIAL123\\t{state}\\n"; exit 0; fi\n'
        'shift; case "$*" in\n'
        f'  "pm list packages -f -i -U") cat "{source}/packages.txt";;\n'
        f'  "settings list global") cat "{source}/settings_global.txt";;\n'
        f'  "settings list secure") cat "{source}/settings_secure.txt";;\n'
        f'  "dumpsys device_policy") cat "{source}/device_admins.txt";;\n'
        f'  "settings get secure enabled_accessibility_services") cat "{source}/accessibility.txt";;\n'
        f'  "settings get secure enabled_notification_listeners") cat "{source}/notification_listeners.txt";;\n'
        '  *) echo "unexpected: $*" >&2; exit 1;;\n'
        "esac\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def test_over_adb_it_warns_first_reads_only_and_gives_the_steps_to_undo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{fake_adb(tmp_path, 'play_protect_off')}{os.pathsep}{os.environ['PATH']}")
    out, err = run("--yes", "--json")
    assert [f["package"] for f in json.loads(out)][:2] == ["package_verifier_enable", "package_verifier_user_consent"]
    assert err.index("USB debugging is visible") < err.index("Revoke USB debugging authorisations")
    assert "Developer options off" in err


def test_over_adb_without_telling_the_victim_nothing_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{fake_adb(tmp_path, 'clean')}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="--yes"):
        run()


def test_a_phone_that_has_not_allowed_the_computer_says_what_to_tap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{fake_adb(tmp_path, 'clean', state='unauthorized')}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(CommandError, match="tap Allow"):
        run("--yes")


def upload(name: str, dump: str = "stalkerware") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DUMPS / dump / name).read_bytes())


def test_the_upload_page_checks_the_files_and_shows_the_report(world: World, alice_client: Client) -> None:
    url = f"/cases/{world.case.pk}/tech/scan/"
    page = alice_client.get(url).content.decode()
    assert "turning on USB debugging is visible on the phone" in page
    response = alice_client.post(
        url,
        {
            "packages": upload("packages.txt"),
            "settings_global": upload("settings_global.txt"),
            "accessibility": upload("accessibility.txt"),
            "device_admins": upload("device_admins.txt"),
            "allow": "com.wondershare.famisafe.kids\ncom.apspy.app",
            "device_note": "Her own phone",
        },
    )
    saved = TechScan.objects.get(case=world.case)
    assert response["Location"] == f"/cases/{world.case.pk}/tech/scans/{saved.pk}/"
    html = alice_client.get(response["Location"]).content.decode()
    assert "Possible signs, not proof; no match proves nothing." in html
    assert "TheTruthSpy" in html
    assert indicator_list().sha256 in html
    assert "Revoke USB debugging authorisations" in html
    assert "Do not remove anything now" in html
    # The allow list hid the watchware's "worth a look", never the stalkerware match.
    kinds = {(f["kind"], f["package"]) for f in saved.findings["findings"]}
    assert ("stalkerware", "com.apspy.app") in kinds
    assert ("watchware", "com.wondershare.famisafe.kids") in kinds
    assert AuditEvent.objects.filter(verb=Verb.TECH_SCAN_VIEWED, case_id=world.case.pk).count() == 1


def test_a_wrong_file_is_refused_with_a_message_and_nothing_kept(world: World, alice_client: Client) -> None:
    response = alice_client.post(
        f"/cases/{world.case.pk}/tech/scan/",
        {"packages": SimpleUploadedFile("packages.txt", b"Hello, these are my holiday notes\n")},
    )
    assert response.status_code == 200
    assert "is not the output of its command" in response.content.decode()
    assert not TechScan.objects.exists()


def test_outsiders_get_404_for_the_upload_and_the_report(world: World) -> None:
    scan = recorded_scan(world.case, world)
    client = Client()
    sign_in_verified(client, world.charlie)
    assert client.get(f"/cases/{world.case.pk}/tech/scan/").status_code == 404
    assert client.get(f"/cases/{world.case.pk}/tech/scans/{scan.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(verb=Verb.TECH_SCAN_VIEWED).exists()


def test_a_scan_of_another_case_is_404(world: World, alice_client: Client) -> None:
    other = Case.objects.create(
        reference="SP-TEST-0002",
        team=world.north,
        responsible_officer=world.alice,
        spoc=world.bob,
        created_by=world.alice,
    )
    theirs = recorded_scan(other, world)
    assert alice_client.get(f"/cases/{world.case.pk}/tech/scans/{theirs.pk}/").status_code == 404


def test_the_tech_safety_page_lists_scans_a_page_at_a_time_with_the_same_queries(
    world: World, alice_client: Client
) -> None:
    url = f"/cases/{world.case.pk}/tech/"
    recorded_scan(world.case, world)
    alice_client.get(url)  # the first request also refreshes the session
    with CaptureQueriesContext(connection) as one:
        alice_client.get(url)
    for _ in range(14):
        recorded_scan(world.case, world)
    with CaptureQueriesContext(connection) as fifteen:
        html = alice_client.get(url).content.decode()
    assert len(fifteen) == len(one)
    assert html.count("Scan of ") == 10
    assert "Older scans" in html
    older = alice_client.get(url + "?page=2").content.decode()
    assert older.count("Scan of ") == 5
    assert "Newer scans" in older
