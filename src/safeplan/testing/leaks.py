"""The no-leak crawl: every page, download, export and PDF a user can reach, and addresses planted in free text.

crawl() follows every link from the start pages and every object URL of the access matrix,
and reads what comes back: HTML, a streamed exhibit, the members of a ZIP export. A PDF's
text is compressed, so capture_pdf_html() keeps the HTML every PDF is printed from (the
chronology, the plan): what a PDF says is exactly that HTML.

plant_free_text() writes the victim's confidential address into every free-text field of the
world's case through the real services, the way it happens in life: before the address was
recorded as a confidential location (so nothing refused it), then the location is recorded.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safeplan.cases import services as case_services
from safeplan.cases.models import ConfidentialLocation, Handover, SafeContact
from safeplan.evidence import services as evidence_services
from safeplan.evidence.imports import WHATSAPP, messages_import
from safeplan.marac.services import marac_decision_record
from safeplan.personas import SECRET_ADDRESS, World
from safeplan.plans.plandata import Parts
from safeplan.testing.access import fill, object_patterns, patterns
from safeplan.testing.plans import saved_version
from safeplan.testing.risk import make_assessment
from safeplan.timeline import notes as timeline_notes
from safeplan.timeline import services as timeline_services
from safeplan.versioned import NEW

# The ways the address is written into free text, each one that find_confidential names.
PLANTED = ("Flat 9, 1 Hidden Lane", "1 hidden ln", "TB1 2ZZ")
# What must not be found in anything a user without the reveal can read.
TELLTALES = (SECRET_ADDRESS, "Hidden Lane", "hidden ln", "HIDDEN LANE", "TB1 2ZZ", "TB12ZZ")


def planted(index: int) -> str:
    return f"Synthetic: she said to meet at {PLANTED[index % len(PLANTED)]} after six."


def leaks_in(text: str) -> list[str]:
    return [telltale for telltale in TELLTALES if telltale in text]


@contextmanager
def capture_pdf_html(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Keep the HTML of every PDF printed while the block runs."""
    import weasyprint

    printed: list[str] = []
    real = weasyprint.HTML

    def html(*args: Any, string: str = "", **kwargs: Any) -> Any:
        printed.append(string)
        return real(*args, string=string, **kwargs)

    # Both printers import weasyprint.HTML when they print.
    monkeypatch.setattr(weasyprint, "HTML", html)
    yield printed


def _readable(body: bytes) -> str:
    """Return the text of a response body: a ZIP's members one after another, else the body itself."""
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
    return body.decode(errors="replace")


def crawl(client: Client, world: World, *, limit: int = 300) -> dict[str, str]:
    """Return the readable content of every GET page reachable by link, plus every object URL filled in."""
    start = ["/", "/staff/", "/cases/", "/cases/team/", "/cases/shared/", f"/cases/search/?q={world.victim.full_name}"]
    start += [fill(route, p, world) for route, p in object_patterns()]
    start += ["/" + route for route, p in patterns() if not p.pattern.converters and "<" not in route]
    seen: dict[str, str] = {}
    queue = list(dict.fromkeys(start))
    # The survivor space's exit and lock (short paths) end the session like signing out.
    leaving = {reverse("survivor:exit"), reverse("survivor:lock")}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        # Signing out (the exit pages end the session too) would leave the rest of the crawl unsigned.
        if (
            path in seen
            or path in leaving
            or any(word in path for word in ("logout", "/exit/", "/language/"))
            or path.startswith("/static/")
        ):
            continue
        response = client.get(path)
        # A download (an exhibit) streams: read it too.
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        html = _readable(body) if response.status_code == 200 else ""
        seen[path] = html
        for link in re.findall(r'href="(/[^"#]*)"', html):
            if link not in seen:
                queue.append(link)
    return seen


@contextmanager
def before_the_location_was_recorded(world: World) -> Iterator[None]:
    """Run the block with the world's case holding no confidential location, then record it again.

    Text saved in the block is what a case holds when the address was typed before it was
    recorded as a location: nothing refused it, and everything must still show it masked.
    """
    case = world.case
    ConfidentialLocation.objects.filter(case=case).delete()
    case.__dict__.pop("_redactor", None)
    try:
        yield
    finally:
        world.location = ConfidentialLocation.objects.create(
            case=case, kind=ConfidentialLocation.Kind.REFUGE, address=SECRET_ADDRESS, created_by=world.alice
        )
        case.__dict__.pop("_redactor", None)


def plant_free_text(world: World) -> dict[str, int]:
    """Write the address into every free-text field of the world's case; return ids of what was made."""
    with before_the_location_was_recorded(world):
        return _plant(world)


def _plant(world: World) -> dict[str, int]:
    case, alice = world.case, world.alice
    count = iter(range(100))

    def text() -> str:
        return planted(next(count))

    case_services.case_update(actor=alice, case=case, summary=text(), version=case.version)
    case_services.person_save(
        actor=alice,
        case=case,
        person=world.suspect,
        version=world.suspect.version,
        full_name=world.suspect.full_name,
        role=str(world.suspect.role),
        other_names=text(),
        relationship=text(),
        notes=text(),
    )
    case_services.safe_contact_save(
        actor=alice,
        case=case,
        allowed_channels=["phone_call", "via_third_party", "at_work"],
        never=["voicemail"],
        phone_number="07700 900001",
        version=SafeContact.objects.filter(case=case).values_list("version", flat=True).first() or NEW,
        third_party=text(),
        work_details=text(),
        safe_times=text(),
        never_other=text(),
        notes=text(),
    )
    Handover.objects.filter(pk=world.handover.pk).update(reason=text())
    bail = timeline_services.event_record(
        actor=alice,
        case=case,
        type_id="bail_with_conditions",
        occurred_at=timezone.now() - timedelta(hours=5),
        details=text(),
        fields={"granted_by": "court", "conditions_plain": f"Not to go within 100 metres of {PLANTED[0]}."},
    )
    notify = bail.obligations.filter(kind="notify").first()
    if notify is not None:
        timeline_services.notification_record(
            actor=world.bob,
            obligation=notify,
            notified_at=timezone.now() - timedelta(hours=1),
            channel="phone_call",
            outcome="told",
            what_was_said=text(),
        )
    note = timeline_notes.note_write(actor=alice, case=case, text=text())
    timeline_notes.note_correct(actor=alice, note=note, text=text(), reason=text())
    timeline_notes.contact_record(
        actor=world.bob,
        case=case,
        contacted_at=timezone.now() - timedelta(minutes=30),
        channel="voicemail",
        direction="outgoing",
        outcome="message_left",
        summary=text(),
        emergency=True,
        emergency_reason=text(),
    )
    reassess = bail.obligations.filter(kind="review_plan").first()
    if reassess is not None:
        timeline_services.obligation_complete(actor=alice, obligation=reassess, note=text())
    assessment = make_assessment(
        case,
        alice,
        yes=15,
        victim_account=text(),
        notes=text(),
        judgement="high",
        judgement_reason=text(),
    )
    lower = make_assessment(case, alice, yes=11, lowering_reason=text())
    marac_decision_record(actor=alice, assessment=assessment, decision="refer", reason=text())
    version = saved_version(
        case,
        alice,
        coping=text(),
        parts=Parts(safe_places=text(), escape_routes=text(), contacts=text(), technology_notes=text()),
        change_note=text(),
    )
    incident = evidence_services.incident_record(
        actor=alice,
        case=case,
        data={
            "occurred_at": timezone.now() - timedelta(days=1),
            "place": text(),
            "summary": text(),
            "victim_words": text(),
            "words_used": text(),
            "injuries": text(),
            "witnesses": text(),
            "children": text(),
            "agencies_told": text(),
            "effect": text(),
        },
    )
    evidence_services.incident_amend(
        actor=alice, case=case, incident=incident, kind="addition", field_name="summary", text=text(), reason=text()
    )
    chat = (
        f"12/03/2026, 21:04 - Sam: I know you are at {PLANTED[0]}\n"
        f"12/03/2026, 21:05 - Sam: I'll be outside {PLANTED[2]} tonight\n"
    ).encode()
    messages_import(
        actor=alice,
        case=case,
        upload=io.BytesIO(chat),
        name="chat.txt",
        size=len(chat),
        source=WHATSAPP,
        own_name="Vicky",
    )
    return {
        "event": bail.pk,
        "assessment": assessment.pk,
        "lower": lower.pk,
        "version": version.pk,
        "incident": incident.pk,
    }
