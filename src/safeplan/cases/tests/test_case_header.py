"""The case page opens with a dense header: who, how risky, what is next, who holds it, how to make contact.

Then a list of the page's sections to jump between, all links, so it works without JavaScript.
"""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from safeplan.personas import World
from safeplan.testing.risk import make_assessment
from safeplan.testing.signin import sign_in_verified
from safeplan.timeline.services import event_record


def header_of(world: World) -> str:
    client = Client()
    sign_in_verified(client, world.alice)
    html = client.get(f"/cases/{world.case.pk}/").content.decode()
    return html.split('aria-labelledby="case-title"')[1].split("</header>")[0]


def test_the_header_names_the_victim_the_owners_and_the_safe_contact(world: World) -> None:
    header = header_of(world)
    assert "SP-TEST-0001" in header
    assert "Vicky Victim" in header
    assert "Not assessed" in header
    assert "Nothing open" in header
    assert world.alice.get_full_name() in header
    assert world.bob.get_full_name() in header
    assert "Phone call to the safe number" in header
    assert "Never leave a voicemail" in header


def test_the_header_shows_the_grade_its_age_and_the_next_deadline(world: World) -> None:
    make_assessment(world.case, world.alice, yes=15, at=timezone.now() - timedelta(days=3))
    event_record(actor=world.alice, case=world.case, type_id="arrest", occurred_at=timezone.now() - timedelta(days=20))
    header = header_of(world)
    assert "govuk-tag--red" in header
    assert ">High<" in header
    assert "3\xa0days ago" in header or "3 days ago" in header
    assert "overdue" in header
    assert "Nothing open" not in header


def test_every_section_in_the_list_has_its_anchor_on_the_page(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    html = client.get(f"/cases/{world.case.pk}/").content.decode()
    nav = html.split('aria-label="Sections of this case"')[1].split("</nav>")[0]
    anchors = [part.split('"')[0] for part in nav.split('href="#')[1:]]
    assert {"overview", "section-risk", "section-plans", "section-timeline", "section-evidence", "people"} <= set(
        anchors
    )
    for anchor in anchors:
        assert f'id="{anchor}"' in html, anchor
