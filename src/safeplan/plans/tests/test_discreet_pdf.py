"""The discreet PDF, read back as text: no person, agency, place, code word or password planted anywhere in the plan."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from safeplan.cases.models import Person
from safeplan.personas import World
from safeplan.plans.models import SafetyPlanVersion
from safeplan.plans.plandata import Parts
from safeplan.testing.plans import plan_url, saved_version

# Each planted where a practitioner could type it; none is a name on the case, so no name list can catch it.
PLANTED = {
    "person": "Glenda Marchbanks",
    "agency": "Riverbend Womens Aid",
    "place": "Haven House",
    "code word": "pineapple",
    "password": "bluebird42",
    "officer": "Dawson",
    "child": "Tommy Tiddler",
}

PARTS = Parts(
    contacts=f"Auntie {PLANTED['person']}: 07700 900123. {PLANTED['agency']} outreach.",
    code_words=f"Texting '{PLANTED['code word']}' means call 999.",
    safe_places=f"{PLANTED['place']} refuge on the ring road.",
    children_school_collection=f"The school asks for the password {PLANTED['password']}.",
    escape_routes=f"Out through the back to {PLANTED['place']}.",
)


@pytest.fixture
def version(world: World) -> SafetyPlanVersion:
    Person.objects.create(case=world.case, role=Person.Role.CHILD, full_name=PLANTED["child"])
    return saved_version(
        world.case,
        world.alice,
        flags={"has_children": True},
        parts=PARTS,
        coping=f"I stay with {PLANTED['person']} when it gets bad.",
        notes={"call_999": f"PC {PLANTED['officer']} will ring back."},
    )


def _pdf_text(body: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    return re.sub(r"\s+", " ", text)


def _pdf(client: Client, world: World, version: SafetyPlanVersion, *, discreet: bool) -> str:
    response = client.get(plan_url(world, f"versions/{version.pk}/pdf/" + ("?discreet=1" if discreet else "")))
    assert response.status_code == 200
    return _pdf_text(response.getvalue())  # type: ignore[attr-defined]


def test_the_discreet_pdf_names_no_person_agency_place_code_word_or_password(
    world: World, alice_client: Client, version: SafetyPlanVersion
) -> None:
    text = _pdf(alice_client, world, version, discreet=True)
    assert "My notes" in text  # the PDF was read: its neutral title is there
    assert "Keep this somewhere the abuser cannot find it" in text
    for kind, planted in PLANTED.items():
        for word in planted.split():
            assert word.lower() not in text.lower(), f"the discreet PDF shows the {kind}: {word}"
    # What the case itself knows: the victim, the agency's name (its place name, not the word "police") and
    # the reference.
    for kind, known in [
        ("victim", "Vicky"),
        ("agency", world.agency.name),
        ("agency's place", world.agency.name.split()[0]),
        ("reference", world.case.reference),
    ]:
        assert known.lower() not in text.lower(), f"the discreet PDF shows the {kind}: {known}"


def test_the_victims_own_pdf_keeps_what_was_typed(
    world: World, alice_client: Client, version: SafetyPlanVersion
) -> None:
    # The same reading finds every planted word in the victim's own copy, so the check above can fail.
    text = _pdf(alice_client, world, version, discreet=False)
    for kind in ("person", "agency", "place", "code word", "password", "officer"):
        assert PLANTED[kind] in text, kind
