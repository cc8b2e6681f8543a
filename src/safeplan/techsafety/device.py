"""Collect a phone's command outputs: live over adb (Debian's ``adb``), or from a folder of recorded outputs.

Only reads. Nothing is installed on the phone, nothing is removed, and nothing is written
anywhere but memory: the caller keeps the findings and nothing else.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from safeplan.domain.techscan import DUMP_FILES, DeviceDump

# What each part of the dump is, as run on the phone (``adb shell ...``).
ADB_COMMANDS = {
    "packages": ["pm", "list", "packages", "-f", "-i", "-U"],
    "settings_global": ["settings", "list", "global"],
    "settings_secure": ["settings", "list", "secure"],
    "device_admins": ["dumpsys", "device_policy"],
    "accessibility": ["settings", "get", "secure", "enabled_accessibility_services"],
    "notification_listeners": ["settings", "get", "secure", "enabled_notification_listeners"],
}
TIMEOUT_SECONDS = 60
MAX_FILE_BYTES = 8 * 1024 * 1024


class DeviceError(RuntimeError):
    """The phone or the folder cannot be read; the message says what to do."""


def from_dump(folder: Path) -> DeviceDump:
    """Return the outputs recorded in the folder; packages.txt is required, the others are read when present."""
    if not folder.is_dir():
        raise DeviceError(f"{folder} is not a folder of recorded command outputs")
    texts: dict[str, str] = {}
    for part, name in DUMP_FILES.items():
        path = folder / name
        if not path.exists():
            if part == "packages":
                raise DeviceError(f"{path} is missing: record it with `adb shell pm list packages -f -i -U`")
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DeviceError(f"{path} is larger than a phone's output can be")
        try:
            texts[part] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise DeviceError(f"{path} is not text: record it again from the phone") from None
    return DeviceDump(**texts)


def _adb(binary: str, arguments: list[str]) -> str:
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [binary, *arguments], capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise DeviceError("the phone did not answer within a minute: unplug it, plug it in again and retry") from None
    if result.returncode != 0:
        raise DeviceError(f"adb {' '.join(arguments)} failed: {result.stderr.strip()[:200]}")
    return result.stdout


def from_adb(binary: str = "adb") -> DeviceDump:
    """Return the outputs of the one phone connected over USB with USB debugging on."""
    found = shutil.which(binary)
    if found is None:
        raise DeviceError("adb is not installed: on Debian, `sudo apt-get install adb`")
    states = [line.split() for line in _adb(found, ["devices"]).splitlines()[1:] if line.strip()]
    if not states:
        raise DeviceError("no phone found: plug it in with a data cable and turn on USB debugging")
    if len(states) > 1:
        raise DeviceError("more than one phone is connected: unplug all but the survivor's")
    if states[0][-1] == "unauthorized":
        raise DeviceError("the phone has not allowed this computer yet: tap Allow on the phone's USB debugging prompt")
    if states[0][-1] != "device":
        raise DeviceError(f"the phone is not ready ({states[0][-1]}): unlock it and try again")
    return DeviceDump(**{part: _adb(found, ["shell", *command]) for part, command in ADB_COMMANDS.items()})
