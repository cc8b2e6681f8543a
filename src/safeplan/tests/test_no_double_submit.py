"""A double-clicked create makes one record: the repeat answers with the first result.

Each test opens the form once and posts it twice with the same token, as a double click or a
resend does. A token that is not the poster's own (a race that got past the look-up meets the
same unique constraint) is refused and leaves nothing behind, files included.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case, CaseShare
from safeplan.evidence import services as evidence_services
from safeplan.evidence.models import Attachment, Incident
from safeplan.personas import World
from safeplan.testing.evidence import jpeg_with_gps, record_incident
from safeplan.testing.forms import hidden_values
from safeplan.testing.signin import sign_in_verified

INCIDENT = {
    "occurred_on": "27/03/2026",
    "occurred_time": "21:30",
    "summary": "He followed her from work and blocked the car door.",
}


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def session(user: Any) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def opened(client: Client, url: str) -> dict[str, str]:
    loaded = hidden_values(client.get(url).content.decode())
    assert "submission" in loaded, f"{url} carries no submission token"
    return loaded


def post_twice(client: Client, url: str, data: dict[str, Any]) -> str:
    """Post the same showing of a form twice; return where both answers lead (the same place)."""
    loaded = opened(client, url)
    first = client.post(url, {**loaded, **data})
    again = client.post(url, {**loaded, **data})
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    return str(first["Location"])


def audited(verb: Verb) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


def stored_files(media_root: Path) -> list[Path]:
    return [path for path in media_root.rglob("*") if path.is_file()]


def test_a_double_clicked_case_is_opened_once(world: World) -> None:
    before = Case.objects.count()
    data = {"victim_name": "Rosa Example", "responsible_officer": world.alice.pk, "spoc": world.bob.pk}
    location = post_twice(session(world.alice), "/cases/new/", data)
    assert Case.objects.count() == before + 1
    assert location == f"/cases/{Case.objects.get(people__full_name='Rosa Example').pk}/"
    assert audited(Verb.CASE_CREATED) == 1


def test_a_new_showing_of_the_form_opens_another_case(world: World) -> None:
    client = session(world.alice)
    before = Case.objects.count()
    data = {"victim_name": "Rosa Example", "responsible_officer": world.alice.pk, "spoc": world.bob.pk}
    post_twice(client, "/cases/new/", data)
    post_twice(client, "/cases/new/", data)
    assert Case.objects.count() == before + 2


def test_a_double_clicked_incident_is_recorded_once(world: World) -> None:
    location = post_twice(session(world.alice), f"/cases/{world.case.pk}/incidents/new/", INCIDENT)
    incident = Incident.objects.get(case=world.case)
    assert location == f"/cases/{world.case.pk}/incidents/{incident.pk}/"
    assert audited(Verb.INCIDENT_RECORDED) == 1


def test_a_double_clicked_share_is_granted_once(world: World) -> None:
    before = CaseShare.objects.filter(case=world.case).count()
    ends = (timezone.localdate() + timedelta(days=30)).isoformat()
    data = {"team": world.south.pk, "reason": "Joint visit planned", "expires_on": ends}
    post_twice(session(world.alice), f"/cases/{world.case.pk}/shares/new/", data)
    assert CaseShare.objects.filter(case=world.case).count() == before + 1
    assert audited(Verb.CASE_SHARED) == 1


def test_a_double_clicked_exhibit_is_added_once_and_stored_once(world: World, media_root: Path) -> None:
    incident = record_incident(world.alice, world.case)
    url = f"/cases/{world.case.pk}/incidents/{incident.pk}/attachments/new/"
    client = session(world.alice)
    loaded = opened(client, url)
    for _click in range(2):
        upload = SimpleUploadedFile("bruise.jpg", jpeg_with_gps(), content_type="image/jpeg")
        response = client.post(url, {**loaded, "file": upload, "description": "Bruise on arm"})
        assert response.status_code == 302
    assert Attachment.objects.filter(incident=incident).count() == 1
    assert len(stored_files(media_root)) == 1
    assert audited(Verb.ATTACHMENT_ADDED) == 1


def test_someone_elses_token_is_refused_and_leaves_no_file(world: World, media_root: Path) -> None:
    incident = record_incident(world.alice, world.case)
    token = uuid4()

    def add(user: Any) -> Attachment:
        return evidence_services.attachment_add(
            actor=user,
            case=world.case,
            incident=incident,
            upload=SimpleUploadedFile("bruise.jpg", jpeg_with_gps()),
            name="bruise.jpg",
            size=len(jpeg_with_gps()),
            submission=token,
        )

    first = add(world.alice)
    # Bob's look-up (his own records) finds nothing, so his insert meets the unique token: the
    # path a race past the look-up takes. Everything he wrote is rolled back, his file too.
    with pytest.raises(ValidationError, match="already been sent"):
        add(world.bob)
    assert list(Attachment.objects.filter(incident=incident)) == [first]
    assert len(stored_files(media_root)) == 1
    assert audited(Verb.ATTACHMENT_ADDED) == 1


def test_a_form_without_its_token_creates_nothing(world: World) -> None:
    response = session(world.alice).post(f"/cases/{world.case.pk}/incidents/new/", INCIDENT)
    assert response.status_code == 200
    assert "This page is out of date" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_double_clicked_event_is_recorded_once_with_its_obligations_once(world: World) -> None:
    from safeplan.timeline.models import CaseEvent, Obligation

    url = f"/cases/{world.case.pk}/events/new/?type=arrest"
    data = {"occurred_on": "27/03/2026", "occurred_time": "21:30", "details": ""}
    location = post_twice(session(world.alice), url, data)
    event = CaseEvent.objects.get(case=world.case)
    assert location == f"/cases/{world.case.pk}/events/{event.pk}/"
    assert Obligation.objects.filter(event=event).exists()
    assert Obligation.objects.filter(case=world.case).count() == Obligation.objects.filter(event=event).count()
    assert audited(Verb.EVENT_RECORDED) == 1


def test_a_double_clicked_person_is_added_once(world: World) -> None:
    from safeplan.cases.models import Person

    before = Person.objects.filter(case=world.case).count()
    data = {"role": "child", "full_name": "Toby Example", "version": "0"}
    post_twice(session(world.alice), f"/cases/{world.case.pk}/people/new/", data)
    assert Person.objects.filter(case=world.case).count() == before + 1
    assert audited(Verb.PERSON_ADDED) == 1


def test_a_double_clicked_location_is_added_once(world: World) -> None:
    from safeplan.cases.models import ConfidentialLocation

    before = ConfidentialLocation.objects.filter(case=world.case).count()
    data = {"kind": "workplace", "address": "Unit 4, Example Trading Estate, Testborough TB9 9ZZ"}
    post_twice(session(world.alice), f"/cases/{world.case.pk}/locations/new/", data)
    assert ConfidentialLocation.objects.filter(case=world.case).count() == before + 1
    assert audited(Verb.LOCATION_ADDED) == 1
