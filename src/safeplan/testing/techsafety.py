"""Tech safety records for tests, made through the services."""

from __future__ import annotations

from pathlib import Path

from safeplan.cases.models import Case
from safeplan.domain.techscan import scan
from safeplan.personas import World
from safeplan.techsafety import device
from safeplan.techsafety.indicatorlist import allow_list, indicator_list
from safeplan.techsafety.models import TechScan
from safeplan.techsafety.services import techscan_record

DUMPS = Path(__file__).resolve().parents[1] / "techsafety" / "tests" / "dumps"


def recorded_scan(case: Case, world: World, dump: str = "stalkerware") -> TechScan:
    """Return a scan of one of the recorded phones (clean, stalkerware, play_protect_off), saved on the case."""
    indicators = indicator_list()
    findings = scan(device.from_dump(DUMPS / dump), indicators.packages, allowed=allow_list())
    return techscan_record(
        actor=world.alice,
        case=case,
        findings=[finding.as_dict() for finding in findings],
        indicators_sha256=indicators.sha256,
        indicators_source=f"{indicators.source}, {indicators.date}",
    )


def world_scan(world: World) -> TechScan:
    """Return the world case's scan, making it the first time."""
    return TechScan.objects.filter(case=world.case).first() or recorded_scan(world.case, world)


# The victim's answers to the check, as the form posts them.
ANSWERS = {
    "devices": ["iphone", "android_phone"],
    "abuser_notices": "yes",
    "emergency_contact": "yes",
    "location_shared": "unsure",
    "device_origin": "no",
    "knows_too_much": "yes",
    "shared_accounts": "yes",
    "family_plan": "no",
    "social_media": "yes",
    "online_banking": "no",
    "children_devices": "no",
    "car": "no",
    "smart_home": "no",
    "tracker_found": "no",
}


def check_url(world: World, tail: str = "") -> str:
    """Return the address of the world case's tech safety page (and the page under it named by tail)."""
    return f"/cases/{world.case.pk}/tech/{tail}"
