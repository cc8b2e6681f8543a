"""Survivor spaces for tests, made through the pages as a survivor would."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client

from safeplan.survivor import services
from safeplan.survivor.document import PlanSpace
from safeplan.survivor.models import Attempt


def create_space(client: Client) -> str:
    """Create a space through the pages, leave it open in the client, and return its words."""
    response = client.post("/s/n/", follow=True)
    assert response.redirect_chain == [("/s/w/", 303)]
    words = response.context["words"]
    assert len(words) == 6
    made = client.post("/s/v/", check_answers(client, words))
    assert made["Location"] == "/s/h/"
    return " ".join(words)


def check_answers(client: Client, words: list[str]) -> dict[str, str]:
    """Return the two words the check page asks for (from the words she was shown)."""
    form = client.get("/s/v/").context["form"]
    positions = [int(str(form.fields[name].label).split()[-1]) - 1 for name in ("first", "second")]
    return {"first": words[positions[0]], "second": words[positions[1]]}


# A diary entry as the survivor types it.
ENTRY = {
    "occurred_on": "14/2/2026",
    "occurred_time": "21:30",
    "place": "In the kitchen",
    "what_happened": "He pushed me against the fridge and took my phone.",
    "words_used": "If you tell anyone you'll regret it",
    "injuries": "Bruise on my arm",
    "body_regions": ["left_arm"],
    "witnesses": "Mrs Patel next door heard shouting",
    "children": "Sam was upstairs and heard it",
    "agencies": "Police, reference 43/1234/26\nGP",
    "effect": "I could not sleep for days.",
}


def add(client: Client, **changes: Any) -> Any:
    """Post a diary entry (ENTRY, changed by `changes`) in the open space and return the response."""
    return client.post("/s/d/n/", {**ENTRY, **changes})


def document(words: str) -> PlanSpace:
    """Open the space with its words and return its sealed document."""
    opened = services.vault_open(words)
    assert opened is not None
    content = services.vault_read(opened)
    assert isinstance(content, PlanSpace)
    return content


# A photo as the survivor attaches it (only its first bytes make it a JPEG).
JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF\x00" + b"bruise photo bytes" * 50


def wait_a_while(seconds: int) -> None:
    """Move every counted try at opening or starting a space back in time, as if the connection had waited."""
    for attempt in Attempt.objects.all():
        attempt.at -= timedelta(seconds=seconds)
        attempt.save(update_fields=["at"])


def csrf_token(client: Client) -> str:
    """Return the client's CSRF token, as a survivor page carries it."""
    return str(client.get("/s/o/").context["csrf_token"])


def planned_space(client: Client) -> None:
    """Answer the plan's questions, choose the first suggestion, pack one bag item and add a code word."""
    client.post("/s/p/", {"situation": "after_separation", "has_children": "no"})
    choose = client.get("/s/p/c/")
    first = choose.context["suggestions"][0].measure.id
    client.post("/s/p/c/", {"chosen": [first]})
    client.post("/s/b/", {"packed": ["bag_money"]})
    client.post("/s/l/2/", {"text": "Pineapple", "meaning": "Call 999"})


# Answers to the tech safety check, as a survivor sends them.
TECH_ANSWERS = {
    "devices": ["android_phone"],
    "abuser_notices": "yes",
    "emergency_contact": "no",
    "location_shared": "yes",
    "device_origin": "no",
    "knows_too_much": "yes",
    "shared_accounts": "no",
    "family_plan": "no",
    "social_media": "yes",
    "online_banking": "no",
    "children_devices": "no",
    "car": "yes",
    "smart_home": "no",
    "tracker_found": "unsure",
}
