"""The tech safety check's content: it loads, its conditions are checked, and it cites the guidance in full."""

from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from safeplan.content import guidance_index
from safeplan.content.guidance_index import citable, normalise
from safeplan.content.loader import CONTENT_DIR, LOADERS
from safeplan.content.techcheck import TechCheck, tech_check
from safeplan.domain.coverage import REQUIRED

D000 = "000_f0078f8dceb5ac23.txt"
D001 = "001_c34657dd64b4a8ce.txt"
D002 = "002_a50e577e6c004e18.txt"
D003 = "003_fdc0483cc2b73ce6.txt"

# The tech parts of 000, 001 and 002 (issue 19): covering tracks and social media, keeping
# devices private, satnavs, location services, spyware, passwords and phone records.
TECH_PARTS = [
    (D000, "Online services and social media should be open and safe for everyone", None),
    (D000, "Below is information about the safety policies and processes on some of", None),
    (D000, "You can find more tips for how to delete cookies and conceal", None),
    (D000, "Warning", None),
    (D000, "Please note, the information below is for guidance only and may not", None),
    (D001, "If you’re worried someone might be monitoring your devices, exit this site", None),
    (D001, "Tracking and tech abuse", None),
    (D002, "Officers should remind victims that computers (in particular, internet logs), telephone bills", None),
    (D002, "Victims should be made aware that satellite navigation systems (satnavs) can present", None),
    (D002, "Many smartphones and other mobile devices have location services which can be", None),
    (D002, "Personal safety devices/handsets use the latest mobile phone technologies to prioritise emergency", None),
    (D002, "Domestic abuse officers advising victims and managing safety provisions in plans should:", 12),
    (D002, "Domestic abuse officers advising victims and managing safety provisions in plans should:", 13),
    (D002, "Domestic abuse officers advising victims and managing safety provisions in plans should:", 14),
    (D002, "If you are staying with your abuser:", 8),
    (D002, "If you are staying with your abuser:", 9),
    (D002, "If you are planning to leave:", 2),
    (D002, "have the following available in case you have to leave quickly:", 3),
    (D002, "If you are living without your abuser after separation (in your own home or after moving):", 2),
    (D002, "If you are living without your abuser after separation (in your own home or after moving):", 3),
    (D002, "If you are living without your abuser after separation (in your own home or after moving):", 4),
]


def cited_keys() -> set[tuple[str, str, int | None]]:
    table = citable(guidance_index.all_units())
    found = set()
    for step in tech_check().steps:
        for source in step.sources:
            for unit in table.get((source.doc, normalise(source.section), source.item), []):
                found.add(unit.key)
    return found


def test_it_loads_and_is_checked_at_start_up() -> None:
    assert "techcheck" in LOADERS
    check = tech_check()
    assert check.version >= 1
    assert {"emergency_contact", "location_shared", "abuser_notices"} <= {q.id for q in check.questions}


def test_every_advice_paragraph_of_003_is_cited_by_a_step() -> None:
    cited = cited_keys()
    required = [u for u in guidance_index.units(D003) if REQUIRED.requires(u)]
    assert len(required) >= 15
    assert [u.describe() for u in required if u.key not in cited] == []


def test_the_tech_parts_of_000_001_and_002_are_cited() -> None:
    cited = cited_keys()
    table = citable(guidance_index.all_units())
    missing = []
    for doc, section, item in TECH_PARTS:
        units = table.get((doc, normalise(section), item), [])
        assert units, f"{doc} {section!r} {item} names no passage"
        if not all(unit.key in cited for unit in units):
            missing.append((doc, section, item))
    assert missing == []


def test_every_platform_the_issue_names_has_steps() -> None:
    platforms = {step.platform for step in tech_check().steps}
    assert {"iphone", "android", "apple_account", "google_account", "social_media", "wifi", "banking"} <= platforms
    assert {"smart_home", "car", "trackers", "children"} <= platforms
    ids = {step.id for step in tech_check().steps}
    assert {"iphone_safety_check", "android_tracker_alerts"} <= ids


def raw() -> dict:
    return yaml.safe_load((CONTENT_DIR / "techcheck.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("no_such_question", "names no question"),
        ("devices:flip_phone", "has no choice"),
        ("shared_accounts:yes", "named without a value"),
    ],
)
def test_a_condition_that_names_nothing_is_refused(condition: str, message: str) -> None:
    data = raw()
    data["steps"][0]["when"] = [f"always & {condition}"]
    with pytest.raises(ValidationError, match=message):
        TechCheck.model_validate(data)


def test_welsh_text_is_data() -> None:
    data = raw()
    data["steps"][0]["title"]["cy"] = "Gwiriwch hyn yn gyntaf"
    del data["steps"][1]["title"]["cy"]
    check = TechCheck.model_validate(data)
    assert check.steps[0].title.get("cy") == "Gwiriwch hyn yn gyntaf"
    # A text without Welsh falls back to English (the content test refuses to ship one).
    assert check.steps[1].title.get("cy") == check.steps[1].title.get("en")
