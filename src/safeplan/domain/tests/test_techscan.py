"""Reading a phone's adb outputs and matching them against the indicator list (no phone, no database)."""

from __future__ import annotations

import pytest

from safeplan.domain.techscan import (
    DeviceDump,
    DumpError,
    Indicator,
    indicator_map,
    parse_components,
    parse_device_admins,
    parse_packages,
    scan,
)

INDICATORS = {
    "com.spy.hidden": Indicator("HiddenSpy", "stalkerware"),
    "com.family.watch": Indicator("FamilyWatch", "watchware"),
}
PLAY = "installer=com.android.vending"


def packages(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def kinds(findings: list) -> list[tuple[str, str, str]]:
    return [(f.kind, f.package, f.severity) for f in findings]


def test_it_reads_pm_list_packages_with_and_without_the_details() -> None:
    found = parse_packages(
        packages(
            "package:/data/app/~~a==/com.x-b==/base.apk=com.x installer=com.android.vending uid:10100",
            "package:/system/app/Foo/Foo.apk=com.android.foo installer=null uid:1000",
            "package:com.plain",
        )
    )
    assert [(p.name, p.installer, p.system) for p in found] == [
        ("com.x", "com.android.vending", False),
        ("com.android.foo", "", True),
        ("com.plain", "", False),
    ]


def test_a_known_stalkerware_package_is_high_and_named() -> None:
    findings = scan(DeviceDump(packages("package:/data/app/x/base.apk=com.spy.hidden " + PLAY)), INDICATORS)
    assert kinds(findings) == [("stalkerware", "com.spy.hidden", "high")]
    assert findings[0].name == "HiddenSpy"


def test_watchware_is_medium_and_said_to_maybe_be_open_use() -> None:
    findings = scan(DeviceDump(packages("package:/data/app/x/base.apk=com.family.watch " + PLAY)), INDICATORS)
    assert kinds(findings) == [("watchware", "com.family.watch", "medium")]
    assert "parental control" in findings[0].why


def test_play_protect_off_is_high() -> None:
    dump = DeviceDump(
        packages("package:/data/app/x/base.apk=com.ok " + PLAY),
        settings_global="package_verifier_enable=0\npackage_verifier_user_consent=-1\nwifi_on=1\n",
    )
    assert kinds(scan(dump, INDICATORS)) == [
        ("setting", "package_verifier_enable", "high"),
        ("setting", "package_verifier_user_consent", "high"),
    ]


def test_a_missing_setting_is_not_a_finding() -> None:
    dump = DeviceDump(packages("package:/data/app/x/base.apk=com.ok " + PLAY), settings_global="wifi_on=1\n")
    assert scan(dump, INDICATORS) == []


def test_an_app_from_outside_a_store_is_worth_a_look_unless_allowed() -> None:
    dump = DeviceDump(packages("package:/data/app/x/base.apk=com.sideloaded installer=null uid:10300"))
    assert kinds(scan(dump, INDICATORS)) == [("sideloaded", "com.sideloaded", "medium")]
    assert scan(dump, INDICATORS, allowed={"com.sideloaded"}) == []


def test_the_allow_list_never_hides_a_stalkerware_match() -> None:
    dump = DeviceDump(
        packages("package:/data/app/x/base.apk=com.spy.hidden installer=null"),
        accessibility="com.spy.hidden/.Keys\n",
    )
    found = kinds(scan(dump, INDICATORS, allowed={"com.spy.hidden"}))
    assert found == [("stalkerware", "com.spy.hidden", "high"), ("accessibility", "com.spy.hidden", "high")]


def test_admins_accessibility_and_listeners_are_found() -> None:
    dump = DeviceDump(
        packages("package:/data/app/x/base.apk=com.ok " + PLAY),
        device_admins="  admin=ComponentInfo{com.admin.app/com.admin.app.Receiver}\n",
        accessibility="com.reader/.Service:com.reader/.Other\n",
        notification_listeners="null\n",
    )
    assert kinds(scan(dump, INDICATORS)) == [
        ("device_admin", "com.admin.app", "medium"),
        ("accessibility", "com.reader", "medium"),
    ]


def test_a_clean_phone_has_no_findings() -> None:
    dump = DeviceDump(
        packages(
            "package:/system/app/S/S.apk=com.android.settings installer=null",
            "package:/data/app/y=com.y " + PLAY,
        ),
        settings_global="package_verifier_enable=1\n",
        accessibility="null",
    )
    assert scan(dump, INDICATORS) == []


@pytest.mark.parametrize(
    "dump",
    [
        DeviceDump(""),
        DeviceDump("this is not pm output\n"),
        DeviceDump("package:com.ok\n", settings_global="no equals sign\n"),
        DeviceDump("package:com.ok\n", accessibility="not a component at all"),
    ],
)
def test_output_that_is_not_what_the_command_prints_is_refused(dump: DeviceDump) -> None:
    with pytest.raises(DumpError):
        scan(dump, INDICATORS)


def test_components_and_admins_are_listed_once() -> None:
    assert parse_components("a.b/.X:a.b/.Y:c.d/e.F") == ["a.b", "c.d"]
    text = "admin=ComponentInfo{a.b/.R}\nadmin=ComponentInfo{a.b/.R}\n"
    assert parse_device_admins(text) == ["a.b"]


def test_the_indicator_map_prefers_stalkerware_and_refuses_a_bad_entry() -> None:
    entries = [
        {"name": "Watch", "type": "watchware", "packages": ["com.both"]},
        {"name": "Spy", "type": "stalkerware", "packages": ["com.both", "com.spy"]},
    ]
    found = indicator_map(entries)
    assert found["com.both"] == Indicator("Spy", "stalkerware")
    with pytest.raises(ValueError, match="type"):
        indicator_map([{"name": "X", "type": "adware", "packages": ["a.b"]}])
