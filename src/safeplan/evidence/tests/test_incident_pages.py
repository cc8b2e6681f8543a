"""Recording and reading incidents through the pages: scoped to the case, audited, encrypted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.evidence.models import Incident
from safeplan.personas import SECRET_ADDRESS, World
from safeplan.testing.evidence import add_exhibit, jpeg_with_gps, record_incident
from safeplan.testing.forms import submit
from safeplan.testing.signin import sign_in_verified

GOOD = {
    "occurred_on": "27/03/2026",
    "occurred_time": "21:30",
    "place": "The car park behind the shops",
    "summary": "He followed her from work and blocked the car door.",
    "victim_words": "I was terrified. He said he knows where I go every day.",
    "words_used": "You can't hide from me.",
    "body_regions": ["left_arm", "face"],
    "police_reference": "NS/12345/26",
    "effect": "She has stopped going to work alone.",
}


def client_for(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def pages(world: World) -> list[str]:
    incident = record_incident(world.alice, world.case)
    exhibit = add_exhibit(world.alice, world.case, incident, jpeg_with_gps())
    base = f"/cases/{world.case.pk}"
    return [
        f"{base}/incidents/",
        f"{base}/incidents/new/",
        f"{base}/incidents/import/",
        f"{base}/incidents/{incident.pk}/",
        f"{base}/incidents/{incident.pk}/amend/",
        f"{base}/incidents/{incident.pk}/attachments/new/",
        f"{base}/attachments/{exhibit.pk}/download/",
        f"{base}/bundle/",
    ]


def test_an_officer_records_an_incident_and_it_is_audited_and_encrypted(world: World) -> None:
    response = submit(client_for(world.alice), f"/cases/{world.case.pk}/incidents/new/", GOOD)
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.victim_words == GOOD["victim_words"]
    assert incident.region_codes() == ["face", "left_arm"] or set(incident.region_codes()) == {"face", "left_arm"}
    event = AuditEvent.objects.get(verb=Verb.INCIDENT_RECORDED)
    assert event.case_id == world.case.pk
    assert event.detail["chain_head"] == incident.hash
    assert "terrified" not in str(event.detail)
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary, victim_words, place FROM evidence_incident")
        row = cursor.fetchone()
    assert all(value.startswith("v1:") for value in row)
    assert "terrified" not in "".join(row)


def test_the_team_can_open_every_page_and_outsiders_get_404(world: World) -> None:
    urls = pages(world)
    alice = client_for(world.alice)
    for url in urls:
        assert alice.get(url).status_code == 200, url
    for user in world.outside():
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
            assert submit(client, url).status_code in (404, 405), (user.username, url)


def test_the_bundle_check_page_is_for_caseworkers_only(world: World) -> None:
    assert client_for(world.alice).get("/cases/bundles/verify/").status_code == 200
    assert client_for(world.adam).get("/cases/bundles/verify/").status_code == 404


def test_viewing_an_incident_is_audited_and_shows_the_body_map(world: World) -> None:
    incident = record_incident(world.alice, world.case, body_regions=["left_arm", "neck"])
    html = client_for(world.bob).get(f"/cases/{world.case.pk}/incidents/{incident.pk}/").content.decode()
    assert AuditEvent.objects.filter(verb=Verb.INCIDENT_VIEWED, target_id=str(incident.pk)).exists()
    assert 'role="img"' in html
    assert "Neck and throat, Left arm" in html
    assert "He grabbed my arm" in html  # the victim's own words, as given


def test_an_approximate_date_needs_saying_so_and_is_marked(world: World) -> None:
    client = client_for(world.alice)
    url = f"/cases/{world.case.pk}/incidents/new/"
    no_time = {**GOOD, "occurred_time": ""}
    response = submit(client, url, no_time)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Incident.objects.exists()
    response = submit(client, url, {**no_time, "time_is_approximate": "on", "approximation": "late March 2026"})
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.time_is_approximate
    assert incident.approximation == "late March 2026"
    html = client.get(f"/cases/{world.case.pk}/incidents/").content.decode()
    assert "Approximate" in html
    assert "late March 2026" in html


def test_a_future_date_is_refused(world: World) -> None:
    response = submit(
        client_for(world.alice), f"/cases/{world.case.pk}/incidents/new/", {**GOOD, "occurred_on": "1/1/2099"}
    )
    assert "govuk-error-summary" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_shared_team_cannot_write(world: World) -> None:
    # Wendy is in the owning team; a break-glass supervisor from outside only reads (cases' rule).
    incident = record_incident(world.alice, world.case)
    client = client_for(world.charlie)
    assert (
        client.post(f"/cases/{world.case.pk}/incidents/{incident.pk}/amend/", {"kind": "addition"}).status_code == 404
    )


def test_the_case_page_shows_the_panel(world: World) -> None:
    record_incident(world.alice, world.case)
    html = client_for(world.alice).get(f"/cases/{world.case.pk}/").content.decode()
    assert "Incidents and evidence" in html
    assert "1 incident recorded" in html
    assert f"/cases/{world.case.pk}/incidents/" in html


@pytest.mark.parametrize("path", ["incidents/", "incidents/{incident}/"])
def test_pages_never_show_the_confidential_address(world: World, path: str) -> None:
    incident = record_incident(world.alice, world.case)
    html = client_for(world.alice).get(f"/cases/{world.case.pk}/" + path.format(incident=incident.pk)).content.decode()
    assert SECRET_ADDRESS not in html
