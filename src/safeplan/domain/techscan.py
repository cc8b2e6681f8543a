"""Read what an Android phone reports over adb and point out possible signs of stalkerware.

Pure Python: the command outputs come in as text, the indicator list and the allow list as
plain data. Nothing here runs adb or keeps anything: the caller keeps only the findings.

What is looked for (severity in brackets):
- a package on the stalkerware indicator list [high], or the monitoring ("watchware") list [medium];
- Play Protect switched off: ``package_verifier_enable`` or ``package_verifier_user_consent``
  present and not 1 [high] (stalkerware install guides tell the installer to do this);
- installing from unknown sources allowed (``install_non_market_apps`` 1, older Android) [low];
- an app installed outside an app store [medium], a device administrator [medium], an
  accessibility service [medium], a notification listener [medium], unless on the allow list.
A match with the indicator list is never hidden by the allow list. A finding is a possible
sign, never proof, and no finding proves nothing either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Literal

Kind = Literal[
    "stalkerware", "watchware", "sideloaded", "device_admin", "accessibility", "notification_listener", "setting"
]
Severity = Literal["high", "medium", "low"]
KINDS: tuple[str, ...] = (
    "stalkerware",
    "watchware",
    "sideloaded",
    "device_admin",
    "accessibility",
    "notification_listener",
    "setting",
)
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}

# Installers that are app stores: an app they installed is not "installed outside an app store".
APP_STORES = frozenset(
    {
        "com.android.vending",
        "com.google.android.feedback",
        "com.amazon.venezia",
        "com.sec.android.app.samsungapps",
        "com.huawei.appmarket",
        "com.xiaomi.market",
        "com.xiaomi.mipicks",
        "com.oppo.market",
        "com.heytap.market",
        "com.bbk.appstore",
        "org.fdroid.fdroid",
    }
)
# Where the phone's own apps live: they come with the phone, not from an installer.
SYSTEM_PATHS = ("/system/", "/product/", "/vendor/", "/system_ext/", "/apex/", "/odm/", "/oem/")

# The files of a recorded dump (``--from-dump DIR``), as the issue names them.
DUMP_FILES = {
    "packages": "packages.txt",
    "settings_global": "settings_global.txt",
    "settings_secure": "settings_secure.txt",
    "device_admins": "device_admins.txt",
    "accessibility": "accessibility.txt",
    "notification_listeners": "notification_listeners.txt",
}

_PACKAGE_LINE = re.compile(
    r"^package:(?:(?P<path>\S+)=)?(?P<name>[A-Za-z0-9_.]+)(?:\s+installer=(?P<installer>\S+))?(?:\s+uid:(?P<uid>\d+))?\s*$"
)
_COMPONENT = re.compile(r"ComponentInfo\{(?P<package>[A-Za-z0-9_.]+)/")
PACKAGE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$")


class DumpError(ValueError):
    """A command output is not what the command prints (a wrong file, or a truncated one)."""


@dataclass(frozen=True)
class Package:
    name: str
    path: str
    installer: str

    @property
    def system(self) -> bool:
        return self.path.startswith(SYSTEM_PATHS)


@dataclass(frozen=True)
class Indicator:
    """One app of the indicator list: its name and whether it is stalkerware or watchware."""

    name: str
    kind: Literal["stalkerware", "watchware"]


@dataclass(frozen=True)
class Finding:
    kind: str
    package: str
    name: str
    severity: str
    why: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class DeviceDump:
    """The command outputs of one phone (text as the commands print it; empty when not recorded)."""

    packages: str
    settings_global: str = ""
    settings_secure: str = ""
    device_admins: str = ""
    accessibility: str = ""
    notification_listeners: str = ""


def parse_packages(text: str) -> list[Package]:
    """Return the packages of ``pm list packages -f -i -U`` (plain ``pm list packages`` works too)."""
    packages = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _PACKAGE_LINE.match(line)
        if match is None:
            raise DumpError(f"line {number} is not a package line of `pm list packages`: {line[:80]!r}")
        installer = match["installer"] or ""
        packages.append(Package(match["name"], match["path"] or "", "" if installer == "null" else installer))
    if not packages:
        raise DumpError("the package list is empty: it should hold one 'package:' line per app")
    return packages


def parse_settings(text: str) -> dict[str, str]:
    """Return ``settings list global|secure`` as a key -> value mapping."""
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip() or " " in key.strip():
            raise DumpError(f"line {number} is not a 'key=value' line of `settings list`: {line[:80]!r}")
        values[key.strip()] = value.strip()
    return values


def parse_components(text: str) -> list[str]:
    """Return the packages of a ``settings get secure enabled_...`` value ("pkg/.Service:pkg2/cls")."""
    value = text.strip()
    if value in ("", "null"):
        return []
    packages = []
    for component in value.split(":"):
        package = component.split("/", 1)[0].strip()
        if not PACKAGE_NAME.match(package):
            raise DumpError(f"{component[:80]!r} is not an app component (package/class)")
        packages.append(package)
    return list(dict.fromkeys(packages))


def parse_device_admins(text: str) -> list[str]:
    """Return the packages that ``dumpsys device_policy`` lists as active administrators."""
    return list(dict.fromkeys(match["package"] for match in _COMPONENT.finditer(text)))


def scan(dump: DeviceDump, indicators: Mapping[str, Indicator], allowed: Iterable[str] = ()) -> list[Finding]:
    """Return the findings for one phone, the most serious first; raise DumpError on output that does not parse."""
    allow = frozenset(allowed)
    packages = parse_packages(dump.packages)
    findings: list[Finding] = []
    matched: set[str] = set()
    for package in packages:
        indicator = indicators.get(package.name)
        if indicator is not None:
            matched.add(package.name)
            findings.append(_indicator_finding(package.name, indicator))
    for package in packages:
        if package.name in matched or package.name in allow or package.system or not package.path:
            continue
        if package.installer not in APP_STORES:
            findings.append(_sideloaded(package))
    findings += _settings_findings(parse_settings(dump.settings_global), parse_settings(dump.settings_secure))
    for kind, names, why in (
        (
            "device_admin",
            parse_device_admins(dump.device_admins),
            "It is a device administrator: it can lock the phone, wipe it or stop itself being removed.",
        ),
        (
            "accessibility",
            parse_components(dump.accessibility),
            "It is an accessibility service: it can read what is on the screen and what is typed.",
        ),
        (
            "notification_listener",
            parse_components(dump.notification_listeners),
            "It can read every notification, including the text of messages.",
        ),
    ):
        for name in names:
            if name in allow and name not in matched:
                continue
            indicator = indicators.get(name)
            findings.append(
                Finding(kind, name, indicator.name if indicator else "", "high" if indicator else "medium", why)
            )
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], KINDS.index(f.kind), f.package))


def _indicator_finding(package: str, indicator: Indicator) -> Finding:
    if indicator.kind == "stalkerware":
        return Finding(
            "stalkerware",
            package,
            indicator.name,
            "high",
            f"Its package name is on the stalkerware indicator list as {indicator.name}.",
        )
    return Finding(
        "watchware",
        package,
        indicator.name,
        "medium",
        f"Its package name is on the list of monitoring apps as {indicator.name}: it may have been put there "
        "to watch the phone's user, or be used openly (for example a parental control app).",
    )


def _sideloaded(package: Package) -> Finding:
    source = f"by {package.installer}" if package.installer else "without an app store (from a file or a computer)"
    return Finding(
        "sideloaded",
        package.name,
        "",
        "medium",
        f"It was installed {source}. Worth a look: many such apps are harmless.",
    )


def _settings_findings(global_settings: Mapping[str, str], secure: Mapping[str, str]) -> list[Finding]:
    both = {**secure, **global_settings}
    findings = []
    for key, why in (
        ("package_verifier_enable", "Play Protect's checking of apps is switched off."),
        ("package_verifier_user_consent", "Play Protect's scanning of apps for harmful behaviour is switched off."),
    ):
        if key in both and both[key] != "1":
            findings.append(
                Finding("setting", key, "", "high", why + " Stalkerware install guides tell the installer to do this.")
            )
    if both.get("install_non_market_apps") == "1":
        findings.append(
            Finding("setting", "install_non_market_apps", "", "low", "Installing apps from unknown sources is allowed.")
        )
    return findings


def indicator_map(entries: Iterable[Mapping[str, object]]) -> dict[str, Indicator]:
    """Return package name -> indicator from the entries of Echap's ioc.yaml and watchware.yaml."""
    found: dict[str, Indicator] = {}
    for entry in entries:
        name = str(entry.get("name", "")).strip()
        kind = entry.get("type")
        if not name or kind not in ("stalkerware", "watchware"):
            raise ValueError(f"an indicator entry needs a name and a type of stalkerware or watchware: {name!r}")
        packages = entry.get("packages") or []
        if not isinstance(packages, list):
            raise ValueError(f"{name}: packages must be a list")
        for package in packages:
            # Stalkerware wins over watchware where both lists name a package.
            if str(package) not in found or kind == "stalkerware":
                found[str(package)] = Indicator(name, kind)  # type: ignore[arg-type]
    return found
