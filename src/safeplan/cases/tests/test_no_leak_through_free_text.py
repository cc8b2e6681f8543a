"""An address typed into any free text of a case reaches no page, download, export or PDF, for any role.

The one exception is deliberate and audited: someone with a need to know where the victim is
may download the original of an imported chat that names the refuge (evidence is never
changed), and the download's audit entry says it showed a confidential location.
"""

from __future__ import annotations

import pytest
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.permissions import can_reveal_location
from safeplan.evidence.models import Attachment
from safeplan.personas import World
from safeplan.testing.leaks import capture_pdf_html, crawl, leaks_in, plant_free_text
from safeplan.testing.signin import sign_in_verified

pytestmark = pytest.mark.django_db

ROLES = ["alice", "bob", "sue", "ida", "wendy", "mark", "adam", "charlie", "south_supervisor", "olga"]


@pytest.mark.parametrize("who", ROLES)
def test_no_page_pdf_or_export_shows_an_address_planted_in_free_text(
    world: World, who: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plant_free_text(world)
    user = getattr(world, who)
    client = Client()
    sign_in_verified(client, user)
    with capture_pdf_html(monkeypatch) as printed:
        pages = crawl(client, world)
    assert len(pages) > 10
    chat = Attachment.objects.get(case=world.case, kind=Attachment.Kind.MESSAGES)
    original = f"/cases/{world.case.pk}/attachments/{chat.pk}/download/"
    leaks = {path: leaks_in(html) for path, html in pages.items() if leaks_in(html)}
    leaks.update({f"PDF {index}": leaks_in(html) for index, html in enumerate(printed) if leaks_in(html)})
    if can_reveal_location(user, world.case) and original in leaks:
        del leaks[original]
        audit = AuditEvent.objects.get(verb=Verb.ATTACHMENT_DOWNLOADED, actor=user, target_id=str(chat.pk))
        assert audit.detail["names_confidential_location"] is True
    assert not leaks, "\n".join(f"{where}: {found}" for where, found in sorted(leaks.items()))


def test_the_crawl_reads_the_planted_records(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = plant_free_text(world)
    client = Client()
    sign_in_verified(client, world.alice)
    with capture_pdf_html(monkeypatch) as printed:
        pages = crawl(client, world)
    case = world.case.pk
    for path in (
        f"/cases/{case}/",
        f"/cases/{case}/events/{ids['event']}/",
        f"/cases/{case}/risk/{ids['assessment']}/",
        f"/cases/{case}/incidents/{ids['incident']}/",
        f"/cases/{case}/plan/versions/{ids['version']}/",
    ):
        assert "[confidential location]" in pages[path], path
    assert any("[confidential location]" in html for html in printed)
