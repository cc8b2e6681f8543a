"""The victim's copy to print or download, and the discreet copy that names no one."""

from __future__ import annotations

import re
import urllib.request
import zlib
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Person
from safeplan.personas import World
from safeplan.plans import printing
from safeplan.plans.models import SafetyPlanVersion
from safeplan.plans.plandata import Parts
from safeplan.testing.plans import plan_url, saved_version

# Free text typed by staff that names people, the agency and the case: the discreet copy drops it all.
CHATTY = Parts(
    contacts="Vicky's sister Jo: 07700 900123. Northshire Police DA team, ref SP-TEST-0001.",
    code_words="If Sam Suspect is at the door, Vicky texts 'pink'.",
    safe_places="The library. Avoid SAM's mother.",
)


@pytest.fixture
def version(world: World) -> SafetyPlanVersion:
    return saved_version(
        world.case,
        world.alice,
        choices={"call_999": "will_do", "code_word": "will_do", "change_passwords": "not_safe"},
        parts=CHATTY,
    )


def identifying(world: World) -> list[str]:
    return [
        "Vicky",
        "Victim",
        "Sam",
        "Suspect",
        world.case.reference,
        world.agency.name,
        "Northshire",
        world.north.name,
        settings.SERVICE_NAME,
    ]


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_victims_copy_is_in_plain_words_with_who_it_is_for(
    world: World, alice_client: Client, version: SafetyPlanVersion
) -> None:
    response = alice_client.get(plan_url(world, f"versions/{version.pk}/print/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "<title>Safety plan</title>" in html
    assert "Vicky Victim" in html
    assert world.case.reference in html
    assert world.agency.name in html
    assert "Keep this somewhere the abuser cannot find it" in html
    assert "Call 999 as soon as you can" in html  # the survivor's words, not the professional's
    assert "Not now, or not safe for me" in html
    event = AuditEvent.objects.get(verb=Verb.PLAN_PRINTED)
    assert event.detail == {"version": 1, "format": "html", "discreet": False}


def test_the_discreet_copy_names_no_one(world: World, alice_client: Client, version: SafetyPlanVersion) -> None:
    html = alice_client.get(plan_url(world, f"versions/{version.pk}/print/?discreet=1")).content.decode()
    feed = printing.render_html(None, world.case, version, discreet=True, for_pdf=True)
    # The page's own toolbar is not printed: what prints is the title and the main content.
    printed = html[html.index("<title>") : html.index("</title>")] + html[html.index("<main>") :]
    for text in (feed, visible_text(printed)):
        for term in identifying(world):
            assert not re.search(rf"\b{re.escape(term)}\b", text, re.IGNORECASE), term
    assert "<title>My notes</title>" in feed
    assert "Keep this somewhere the abuser cannot find it" in feed
    # Typed text can name anyone, so none of it is printed, the victim's own contacts included.
    assert "07700 900123" not in feed
    assert "pink" not in feed
    assert "Your own notes, contacts and code words are not on this copy" in feed
    event = AuditEvent.objects.get(verb=Verb.PLAN_PRINTED)
    assert event.detail["discreet"] is True


def _pdf_streams(body: bytes) -> bytes:
    """Return the PDF's bytes with every compressed stream inflated (WeasyPrint packs the metadata too)."""
    found = [body]
    for match in re.finditer(rb"stream\r?\n", body):
        end = body.find(b"endstream", match.end())
        try:
            found.append(zlib.decompress(body[match.end() : end]))
        except zlib.error:
            continue
    return b"\n".join(found)


def test_the_pdf_is_an_attachment_that_is_never_stored(
    world: World, alice_client: Client, version: SafetyPlanVersion
) -> None:
    response = alice_client.get(plan_url(world, f"versions/{version.pk}/pdf/"))
    body = response.getvalue()  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert body.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="safety-plan.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert b"/Title (Safety plan)" in _pdf_streams(body)
    event = AuditEvent.objects.get(verb=Verb.PLAN_PRINTED)
    assert event.detail == {"version": 1, "format": "pdf", "discreet": False}


def test_the_discreet_pdf_has_a_neutral_name_and_title(
    world: World, alice_client: Client, version: SafetyPlanVersion
) -> None:
    response = alice_client.get(plan_url(world, f"versions/{version.pk}/pdf/?discreet=1"))
    body = response.getvalue()  # type: ignore[attr-defined]
    assert body.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="notes.pdf"'
    inflated = _pdf_streams(body)
    assert b"/Title (My notes)" in inflated
    for term in identifying(world):
        assert term.encode() not in inflated, term
    assert AuditEvent.objects.get(verb=Verb.PLAN_PRINTED).detail["discreet"] is True


def test_the_pdf_fetches_nothing_but_our_own_static_files(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("WeasyPrint tried to fetch a URL")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    html = (
        '<html><head><title>t</title><link rel="stylesheet" href="/static/plans/print.css">'
        '<link rel="stylesheet" href="https://fonts.example.org/x.css"></head>'
        '<body><img src="http://tracker.example.org/p.png"><img src="file:///etc/passwd">'
        '<img src="/static/../../settings.py"><p>Plan</p></body></html>'
    )
    assert printing.pdf_bytes(html, base_url="http://testserver/").startswith(b"%PDF")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/static/plans/print.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        "http://testserver/static/../settings.py",
        "http://testserver/static/plans/../../settings.py",
        "http://testserver/media/anything",
        "http://testserver/static/plans/missing.css",
    ],
)
def test_the_fetcher_refuses_anything_else(url: str) -> None:
    if url.startswith("https://example.org/static/"):
        # Our own path on another host is still read from disk, never fetched.
        assert printing._static_file(url).startswith(b"/*")
        return
    with pytest.raises(ValueError, match="static file"):
        printing._static_file(url)


def test_the_fetcher_reads_our_stylesheet_from_disk() -> None:
    assert b"@page" in printing._static_file("http://testserver/static/plans/print.css")


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        ("en-gb", "Keep this somewhere the abuser cannot find it", "Cadwch hwn rywle"),
        ("cy", "Cadwch hwn rywle na all y camdriniwr", "Keep this somewhere the abuser cannot find it"),
    ],
)
def test_the_victims_copy_is_in_the_victims_recorded_language(
    world: World, alice_client: Client, version: SafetyPlanVersion, language: str, present: str, absent: str
) -> None:
    Person.objects.filter(pk=world.victim.pk).update(language=language)
    for path in (f"versions/{version.pk}/print/", f"versions/{version.pk}/pdf/"):
        response = alice_client.get(plan_url(world, path))
        assert response.status_code == 200
    html = alice_client.get(plan_url(world, f"versions/{version.pk}/print/")).content.decode()
    assert f'<html lang="{language[:2]}"' in html
    assert present in html
    assert absent not in html
    # The toolbar stays in the reader's language.
    assert "Download as a PDF" in html


def test_where_nobody_asked_the_victims_language_the_copy_is_welsh_first_then_english(
    world: World, alice_client: Client, version: SafetyPlanVersion
) -> None:
    Person.objects.filter(pk=world.victim.pk).update(language="")
    html = alice_client.get(plan_url(world, f"versions/{version.pk}/print/")).content.decode()
    assert "<title>Cynllun diogelwch</title>" in html
    assert html.index('<div lang="cy"') < html.index('<div lang="en"')
    assert html.index("Cadwch hwn rywle") < html.index("Keep this somewhere the abuser cannot find it")
    pdf = alice_client.get(plan_url(world, f"versions/{version.pk}/pdf/"))
    assert pdf.status_code == 200


def test_a_deployment_outside_wales_prints_in_the_readers_language_when_the_victims_is_unknown(
    world: World, alice_client: Client, version: SafetyPlanVersion, settings: Any
) -> None:
    Person.objects.filter(pk=world.victim.pk).update(language="")
    settings.UNKNOWN_LANGUAGE_BILINGUAL = False
    html = alice_client.get(plan_url(world, f"versions/{version.pk}/print/")).content.decode()
    assert "Cadwch hwn rywle" not in html
    assert "<title>Safety plan</title>" in html


def test_the_language_recorded_on_the_person_page_decides_the_copy(
    world: World, alice_client: Client, version: SafetyPlanVersion
) -> None:
    person = Person.objects.get(pk=world.victim.pk)
    edit = f"/cases/{world.case.pk}/people/{person.pk}/"
    page = alice_client.get(edit)
    assert page.status_code == 200
    assert 'name="language"' in page.content.decode()
    response = alice_client.post(
        edit,
        {"role": "victim", "full_name": person.full_name, "language": "cy", "version": person.version},
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).language == "cy"
    html = alice_client.get(plan_url(world, f"versions/{version.pk}/print/")).content.decode()
    assert '<html lang="cy"' in html
    assert "Keep this somewhere the abuser cannot find it" not in html
    # A language the service does not have is refused with a message, and nothing changes.
    refused = alice_client.post(
        edit, {"role": "victim", "full_name": person.full_name, "language": "fr", "version": person.version + 1}
    )
    assert refused.status_code == 200
    assert Person.objects.get(pk=person.pk).language == "cy"
