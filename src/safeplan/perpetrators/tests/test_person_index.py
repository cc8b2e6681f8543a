"""The person index links one suspect across cases and tells others only that the records exist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case, Person
from safeplan.perpetrators.index import index_sync
from safeplan.perpetrators.models import Enquiry, IndexEntry, MatchDecision, SerialReview
from safeplan.personas import SECRET_ADDRESS, World
from safeplan.testing.access import snapshot
from safeplan.testing.forms import submit
from safeplan.testing.perpetrators import BORN, south_case_with_same_suspect, world_perpetrator
from safeplan.testing.signin import sign_in_verified

SECRET_SUMMARY = "Synthetic summary only the north team may read"


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in_verified(client, user)
    return client


@pytest.fixture
def linked(world: World) -> Case:
    Case.objects.filter(pk=world.case.pk).update(summary=SECRET_SUMMARY)
    world_perpetrator(world)
    return Case.objects.get(team=world.south)


def test_it_links_the_same_suspect_on_two_victims_cases_and_flags_them(world: World, linked: Case) -> None:
    entry = IndexEntry.objects.get(person=world.suspect)
    other = IndexEntry.objects.get(person__case=linked)
    assert entry.perpetrator_id == other.perpetrator_id
    assert entry.perpetrator.victim_count == 2
    assert entry.perpetrator.flagged_at is not None


def test_it_does_not_flag_one_victim_with_two_cases(world: World) -> None:
    Person.objects.filter(pk=world.suspect.pk).update(date_of_birth=BORN, version=5)
    south_case_with_same_suspect(world, victim="VICTIM Vicky")
    index_sync()
    perpetrator = IndexEntry.objects.get(person=world.suspect).perpetrator
    assert perpetrator.victim_count == 1
    assert perpetrator.flagged_at is None


def test_the_index_never_shows_another_cases_victim_address_or_content(world: World, linked: Case) -> None:
    client = client_for(world.charlie)
    suspect = linked.people.get(role="suspect")
    for path in (f"/cases/{linked.pk}/", f"/cases/{linked.pk}/people/{suspect.pk}/index/"):
        page = client.get(path).content.decode()
        assert "Team North" in page
        for secret in ("Vicky Victim", SECRET_ADDRESS, "Hidden Lane", world.case.reference, SECRET_SUMMARY, "07700"):
            assert secret not in page, (path, secret)
    assert "appears in 1 other record; owning team: Team North" in client.get(f"/cases/{linked.pk}/").content.decode()


def test_every_lookup_that_finds_a_match_is_audited(world: World, linked: Case) -> None:
    client = client_for(world.charlie)
    suspect = linked.people.get(role="suspect")
    before = AuditEvent.objects.filter(verb=Verb.PERSON_INDEX_MATCHED).count()
    client.get(f"/cases/{linked.pk}/people/{suspect.pk}/index/")
    event = AuditEvent.objects.filter(verb=Verb.PERSON_INDEX_MATCHED).latest("pk")
    assert AuditEvent.objects.filter(verb=Verb.PERSON_INDEX_MATCHED).count() == before + 1
    assert event.actor == world.charlie
    assert event.case_id == linked.pk
    assert event.detail["records"] == [IndexEntry.objects.get(person=world.suspect).pk]


def test_another_agency_sees_only_that_the_person_is_known_and_whom_to_ask(world: World, linked: Case) -> None:
    world.other_agency.point_of_contact = world.olga
    world.other_agency.save()
    idva_case = Case.objects.create(
        reference="SP-TEST-W001",
        team=world.elsewhere,
        responsible_officer=world.olga,
        spoc=world.olga,
        created_by=world.olga,
    )
    Person.objects.create(case=idva_case, role="victim", full_name="Wilma West")
    Person.objects.create(case=idva_case, role="suspect", full_name="Sam Suspect", date_of_birth=BORN)
    index_sync()  # made outside a case page: the tick's sweep indexes it
    page = client_for(world.alice).get(f"/cases/{world.case.pk}/people/{world.suspect.pk}/index/").content.decode()
    assert "Known to another agency, Westshire IDVA Service: ask its point of contact, Olga." in page
    for detail in ("Westshire IDVAs", "Wilma West", "SP-TEST-W001"):
        assert detail not in page


def test_a_possible_match_is_confirmed_with_a_reason_and_audited(world: World) -> None:
    south = south_case_with_same_suspect(world, born=None)
    index_sync()
    other = IndexEntry.objects.get(person__case=south)
    assert IndexEntry.objects.get(person=world.suspect).perpetrator_id != other.perpetrator_id
    client = client_for(world.alice)
    path = f"/cases/{world.case.pk}/people/{world.suspect.pk}/index/"
    assert "possible match" in client.get(path).content.decode()
    response = client.post(
        path + "decide/",
        {"decide-record": other.pk, "decide-decision": "confirmed", "decide-reason": "Same custody photo and address"},
    )
    assert response.status_code == 302
    decision = MatchDecision.objects.get()
    assert decision.decided_by == world.alice
    assert decision.decision == "confirmed"
    assert (
        IndexEntry.objects.get(person=world.suspect).perpetrator_id
        == IndexEntry.objects.get(pk=other.pk).perpetrator_id
    )
    event = AuditEvent.objects.get(verb=Verb.PERSON_MATCH_DECIDED)
    assert event.case_id == world.case.pk
    assert event.detail["decision"] == "confirmed"


def test_a_rejected_match_is_unlinked_and_no_longer_shown(world: World, linked: Case) -> None:
    other = IndexEntry.objects.get(person__case=linked)
    client = client_for(world.alice)
    path = f"/cases/{world.case.pk}/people/{world.suspect.pk}/index/"
    client.post(
        path + "decide/",
        {"decide-record": other.pk, "decide-decision": "rejected", "decide-reason": "Different person, checked PNC"},
    )
    assert (
        IndexEntry.objects.get(person=world.suspect).perpetrator_id
        != IndexEntry.objects.get(pk=other.pk).perpetrator_id
    )
    assert IndexEntry.objects.get(person=world.suspect).perpetrator.flagged_at is None
    assert "No other record of this person." in client.get(path).content.decode()


def test_a_decision_without_a_reason_changes_nothing(world: World, linked: Case) -> None:
    other = IndexEntry.objects.get(person__case=linked)
    client = client_for(world.alice)
    before = snapshot()
    response = client.post(
        f"/cases/{world.case.pk}/people/{world.suspect.pk}/index/decide/",
        {"decide-record": other.pk, "decide-decision": "rejected", "decide-reason": ""},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    after = snapshot()
    # The page's own lookup is audited; nothing else is written.
    assert {k: v for k, v in after.items() if not k.startswith("audit.")} == {
        k: v for k, v in before.items() if not k.startswith("audit.")
    }


def test_asking_the_owning_team_reaches_them_and_is_audited(world: World, linked: Case) -> None:
    other = IndexEntry.objects.get(person__case=linked)
    response = client_for(world.alice).post(
        f"/cases/{world.case.pk}/people/{world.suspect.pk}/index/ask/",
        {"ask-record": other.pk, "ask-message": "Is there a current bail condition we should know of?"},
    )
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.to_team == world.south
    assert enquiry.from_user == world.alice
    assert AuditEvent.objects.filter(verb=Verb.PERSON_ENQUIRY_SENT, case_id=world.case.pk).exists()
    inbox = client_for(world.charlie).get("/perpetrators/enquiries/").content.decode()
    assert "current bail condition" in inbox
    assert linked.reference in inbox
    assert "current bail condition" not in client_for(world.bob).get("/perpetrators/enquiries/").content.decode()
    client_for(world.charlie).post("/perpetrators/enquiries/answered/", {"enquiry": enquiry.pk})
    assert Enquiry.objects.get().answered_by == world.charlie


def test_supervisors_see_flagged_people_and_record_reviews(world: World, linked: Case) -> None:
    perpetrator = IndexEntry.objects.get(person=world.suspect).perpetrator
    assert client_for(world.alice).get("/perpetrators/serial/").status_code == 404
    assert client_for(world.olga).get("/perpetrators/serial/").content.decode().count(perpetrator.reference) == 0
    client = client_for(world.sue)
    page = client.get("/perpetrators/serial/").content.decode()
    assert perpetrator.reference in page
    assert "Due" in page
    next_on = (timezone.localdate() + timedelta(days=28)).strftime("%d/%m/%Y")
    bad = client.post(
        f"/perpetrators/serial/{perpetrator.pk}/review/",
        {"decision": "continue", "reasons": "", "next_review_on": next_on},
    )
    assert bad.status_code == 400
    assert not SerialReview.objects.exists()
    response = client.post(
        f"/perpetrators/serial/{perpetrator.pk}/review/",
        {"decision": "multi_agency", "reasons": "Two victims in a year; refer to MATAC", "next_review_on": next_on},
    )
    assert response.status_code == 302
    review = SerialReview.objects.get()
    assert review.reviewed_by == world.sue
    assert review.agency == world.agency
    assert AuditEvent.objects.filter(verb=Verb.SERIAL_REVIEW_RECORDED, target_id=str(review.pk)).exists()
    assert "Due" not in client.get("/perpetrators/serial/").content.decode()


def _flag_more(world: World, start: int, count: int) -> None:
    for n in range(start, start + count):
        case = Case.objects.create(
            reference=f"SP-TEST-Q{n:03d}",
            team=world.north,
            responsible_officer=world.alice,
            spoc=world.bob,
            created_by=world.alice,
        )
        Person.objects.create(case=case, role="victim", full_name=f"Victim {n}")
        Person.objects.create(case=case, role="suspect", full_name=f"Repeat Person{n}", date_of_birth=BORN)
        case2 = Case.objects.create(
            reference=f"SP-TEST-R{n:03d}",
            team=world.south,
            responsible_officer=world.charlie,
            spoc=world.charlie,
            created_by=world.charlie,
        )
        Person.objects.create(case=case2, role="victim", full_name=f"Other victim {n}")
        Person.objects.create(case=case2, role="suspect", full_name=f"Repeat Person{n}", date_of_birth=BORN)
    index_sync()


def test_the_serial_list_and_enquiries_take_the_same_queries_at_two_sizes(world: World) -> None:
    client = client_for(world.sue)
    counts = []
    for start, more in ((0, 1), (1, 6)):
        _flag_more(world, start, more)
        client.get("/perpetrators/serial/")
        client.get("/perpetrators/enquiries/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/perpetrators/serial/").status_code == 200
            assert client.get("/perpetrators/enquiries/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_suspect_saved_on_a_case_page_is_found_from_other_cases_at_once(world: World) -> None:
    south = Case.objects.create(
        reference="SP-TEST-S900",
        team=world.south,
        responsible_officer=world.charlie,
        spoc=world.charlie,
        created_by=world.charlie,
    )
    Person.objects.create(case=south, role="victim", full_name="Rita Other")
    for client, case, name in (
        (client_for(world.alice), world.case, "Jo Newman"),
        (client_for(world.charlie), south, "NEWMAN, Jo"),
    ):
        # Through the page, which gives the form its version and its submission token.
        response = submit(
            client,
            f"/cases/{case.pk}/people/new/",
            {"role": "suspect", "full_name": name, "date_of_birth": "3/4/1985"},
        )
        assert response.status_code == 302
        # The case page the save returns to indexes the new suspect: no sweep is needed.
        page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "appears in 1 other record; owning team: Team North" in page
    assert page.count("appears in") == 1
