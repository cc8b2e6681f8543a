"""Synthetic demo incidents for the first few demo cases. Every word is invented; nothing is real."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone

from safeplan.cases.models import Case
from safeplan.evidence.models import Incident
from safeplan.evidence.services import attachment_add, incident_record

DEMO_INCIDENTS = [
    {
        "days_ago": 60,
        "approximate": "early in the month (synthetic demo)",
        "summary": "[DEMO] He turned up outside her workplace and waited by her car.",
        "victim_words": "I saw him by my car and went back inside. I didn't know how he knew where I worked.",
        "effect": "[DEMO] She now asks a colleague to walk her to the car park.",
    },
    {
        "days_ago": 21,
        "summary": "[DEMO] Argument at the house; he grabbed her arm and threw her phone.",
        "victim_words": "He grabbed my arm so hard it bruised and said nobody would believe me.",
        "words_used": "Nobody will believe you.",
        "injuries": "[DEMO] Bruising to the upper left arm.",
        "regions": ["left_arm"],
        "police_reference": "DEMO/00001/26",
        "children": "[DEMO] Their son (7) was upstairs and heard shouting.",
    },
    {
        "days_ago": 5,
        "summary": "[DEMO] Forty messages in one evening after she blocked his number.",
        "victim_words": "The messages kept coming from new numbers. I couldn't sleep.",
        "effect": "[DEMO] Not sleeping; has stopped going out in the evening.",
    },
]

# A 1x1 PNG: the smallest exhibit the type check accepts as an image.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def load() -> int:
    """Add demo incidents (and one screenshot exhibit) to up to three demo cases; return how many were added.

    Idempotent: a demo case that already has incidents is left alone.
    """
    added = 0
    now = timezone.now()
    for case in Case.objects.filter(is_demo=True).order_by("pk")[:3]:
        if Incident.objects.filter(case=case).exists():
            continue
        for item in DEMO_INCIDENTS:
            incident = incident_record(
                actor=case.responsible_officer,
                case=case,
                data={
                    "occurred_at": now - timedelta(days=int(item["days_ago"])),  # type: ignore[call-overload]
                    "time_is_approximate": "approximate" in item,
                    "approximation": item.get("approximate", ""),
                    "summary": item["summary"],
                    "victim_words": item.get("victim_words", ""),
                    "words_used": item.get("words_used", ""),
                    "injuries": item.get("injuries", ""),
                    "body_regions": item.get("regions", []),
                    "police_reference": item.get("police_reference", ""),
                    "children": item.get("children", ""),
                    "children_present": bool(item.get("children")),
                    "effect": item.get("effect", ""),
                },
            )
            added += 1
            if item["days_ago"] == 5:
                attachment_add(
                    actor=case.responsible_officer,
                    case=case,
                    incident=incident,
                    upload=io.BytesIO(TINY_PNG),
                    name="demo-screenshot.png",
                    size=len(TINY_PNG),
                    description="[DEMO] Screenshot of the messages (synthetic placeholder image)",
                )
    return added
