"""A Clare's Law request from intake to closure, with its clocks, reasons and audit."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case
from safeplan.disclosure.models import Disclosure, DisclosureRequest, ForumDecision
from safeplan.perpetrators.index import index_sync
from safeplan.perpetrators.models import IndexEntry
from safeplan.personas import SECRET_ADDRESS, World
from safeplan.testing.access import snapshot
from safeplan.testing.disclosure import world_request
from safeplan.testing.signin import sign_in_verified


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in_verified(client, user)
    return client


def when(moment_ago: timedelta = timedelta(minutes=5)) -> dict[str, str]:
    moment = timezone.localtime(timezone.now() - moment_ago)
    return {"when_on": moment.strftime("%d/%m/%Y"), "when_time": moment.strftime("%H:%M")}


LONDON = ZoneInfo("Europe/London")

FORUM = {
    "attendees": "Police (chair), IDVA service, probation",
    "pressing_need": "Two previous partners assaulted; the applicant lives with him",
    "outcome": "disclose",
    "lawful": "Common-law power; DA Act 2021 s77 guidance followed",
    "necessary": "She cannot protect herself without knowing",
    "proportionate": "Only the convictions for violence against partners",
    "what_to_disclose": "Two convictions for assaulting former partners",
    "recipient": "The applicant",
    "safety_plan": "IDVA referral, safe phone, code word agreed",
}


def test_the_intake_puts_safe_contact_first_and_fixes_the_clocks(world: World) -> None:
    client = client_for(world.alice)
    page = client.get("/disclosure/new/").content.decode()
    assert page.index('name="safe_contact_how"') < page.index('name="route"') < page.index('name="subject_name"')
    request = world_request(world, days_ago=0)
    assert request.decision_due - request.received_at >= timedelta(days=28)
    assert request.decision_due - request.received_at < timedelta(days=29)
    assert request.initial_contact_due == request.received_at + timedelta(hours=24)
    assert request.face_to_face_due is not None
    assert request.guidance.startswith("Domestic Violence Disclosure Scheme statutory guidance")
    assert AuditEvent.objects.filter(verb=Verb.DISCLOSURE_RECEIVED, target_id=str(request.pk)).exists()
    # The subject is in the person index, linked to the world's suspect of the same name.
    assert IndexEntry.objects.get(disclosure_id=request.pk).source == "dvds_subject"


def test_a_request_goes_through_every_stage_to_closure(world: World) -> None:
    request = world_request(world)
    client = client_for(world.alice)
    base = f"/disclosure/{request.pk}/"
    assert client.get(base + "forum/").status_code == 404  # not reached yet
    steps = [
        ("initial-contact", {**when(), "immediate_risk": "no"}),
        ("face-to-face", {**when(), "identity_verified": "on"}),
        ("checks", {**when(), "summary": "PNC: two convictions; probation: on licence until 2025"}),
        ("forum", {"held_on": timezone.localdate().strftime("%d/%m/%Y"), **FORUM}),
        (
            "disclose",
            {
                **when(),
                "recipient": "The applicant",
                "what_was_said": "Read from the agreed script",
                "told_confidential": "on",
            },
        ),
        ("reassess", {"grade": "high", "notes": "She is frightened of his reaction"}),
    ]
    for name, data in steps:
        assert client.get(base).status_code == 200
        assert client.get(base + name + "/").status_code == 200
        response = client.post(base + name + "/", data)
        assert response.status_code == 302, (name, response.content.decode()[:3000])
    page = client.get(base).content.decode()
    for recorded in (
        "Two convictions for assaulting former partners",
        "Read from the agreed script",
        "Told to keep it",
    ):
        assert recorded in page
    request.refresh_from_db()
    assert request.outcome == "disclose"
    assert ForumDecision.objects.get(request=request).recipient == "The applicant"
    assert Disclosure.objects.get(request=request).told_confidential
    # High risk: a case is opened from the request, reusing its people, for the MARAC referral.
    response = client.post(base + "open-case/")
    case = Case.objects.get(pk=request.__class__.objects.get(pk=request.pk).case_id)
    assert response.url == f"/cases/{case.pk}/"
    assert {p.full_name for p in case.people.all()} == {"Anna Applicant", "Sam Suspect"}
    assert client.post(base + "close/", {"closure": "disclosed", "note": "Disclosed and referred"}).status_code == 302
    request.refresh_from_db()
    assert request.stage == "closed"
    verbs = set(AuditEvent.objects.filter(target_id=str(request.pk)).values_list("verb", flat=True))
    assert {Verb.DISCLOSURE_STAGE_RECORDED, Verb.DISCLOSURE_DECIDED, Verb.DISCLOSURE_MADE} <= verbs
    assert {Verb.DISCLOSURE_REASSESSED, Verb.DISCLOSURE_CLOSED} <= verbs


def test_a_disclosure_needs_the_confidentiality_warning_and_changes_nothing_without_it(world: World) -> None:
    request = world_request(world)
    DisclosureRequest.objects.filter(pk=request.pk).update(
        initial_contact_at=timezone.now(),
        face_to_face_at=timezone.now(),
        checks_done_at=timezone.now(),
        outcome="disclose",
        decided_at=timezone.now(),
    )
    client = client_for(world.alice)
    before = snapshot()
    response = client.post(
        f"/disclosure/{request.pk}/disclose/", {**when(), "recipient": "Her", "what_was_said": "Script"}
    )
    assert response.status_code == 400
    assert "keep the information confidential" in response.content.decode()
    assert snapshot() == before


def test_a_decision_after_the_target_needs_the_reason_it_is_late(world: World) -> None:
    request = world_request(world, days_ago=40)
    DisclosureRequest.objects.filter(pk=request.pk).update(
        initial_contact_at=request.received_at, face_to_face_at=request.received_at, checks_done_at=request.received_at
    )
    client = client_for(world.alice)
    data = {"held_on": timezone.localdate().strftime("%d/%m/%Y"), **FORUM, "outcome": "not_disclose"}
    response = client.post(f"/disclosure/{request.pk}/forum/", data)
    assert response.status_code == 400
    assert "say why the decision is late" in response.content.decode()
    assert not ForumDecision.objects.exists()
    response = client.post(f"/disclosure/{request.pk}/forum/", {**data, "late_reason": "Partner checks took 5 weeks"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.late_reason == "Partner checks took 5 weeks"


def test_a_right_to_know_request_has_no_face_to_face_clock(world: World) -> None:
    client = client_for(world.alice)
    response = client.post(
        "/disclosure/new/",
        {
            "submission": "8b0e2f5e-7d4a-4f3c-9c1e-000000000001",
            "safe_contact_how": "Through her IDVA",
            "route": "right_to_know",
            "channel": "police",
            "applicant_kind": "police_or_partner",
            **when(),
            "person_at_risk_name": "Petra Partner",
            "subject_name": "Sam Suspect",
        },
    )
    assert response.status_code == 302
    request = DisclosureRequest.objects.get(route="right_to_know")
    assert request.face_to_face_due is None
    client.post(f"/disclosure/{request.pk}/initial-contact/", {**when(), "immediate_risk": "no"})
    request.refresh_from_db()
    assert request.stage == "checks"


def test_bad_intake_shows_an_error_summary_and_saves_nothing(world: World) -> None:
    client = client_for(world.alice)
    client.get("/disclosure/new/")
    before = snapshot()
    for payload in (
        {},
        {
            "route": "right_to_know",
            "applicant_kind": "person_at_risk",
            "channel": "phone",
            "safe_contact_how": "x",
            "subject_name": "y",
        },
    ):
        response = client.post(
            "/disclosure/new/", {"submission": "8b0e2f5e-7d4a-4f3c-9c1e-000000000002", **when(), **payload}
        )
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()
    assert snapshot() == before


def test_only_the_handling_team_sees_a_request_and_a_supervisor_approves_deviations(world: World) -> None:
    request = world_request(world)
    for outsider in (world.charlie, world.olga, world.pat, world.adam):
        assert client_for(outsider).get(f"/disclosure/{request.pk}/").status_code == 404
    assert client_for(world.alice).get(f"/disclosure/{request.pk}/deviation/").status_code == 404
    response = client_for(world.sue).post(
        f"/disclosure/{request.pk}/deviation/", {"what": "Disclosed to her mother too", "reason": "She asked for it"}
    )
    assert response.status_code == 302
    assert request.deviations.get().approved_by == world.sue
    assert AuditEvent.objects.filter(verb=Verb.DISCLOSURE_VIEWED, actor=world.alice).count() == 0


def _requests(world: World, count: int, start: int) -> None:
    for n in range(start, start + count):
        world_request(world, subject=f"Subject {n}")


def test_the_list_takes_the_same_queries_at_two_sizes(world: World) -> None:
    client = client_for(world.alice)
    counts = []
    for start, count in ((0, 2), (2, 12)):
        _requests(world, count, start)
        client.get("/disclosure/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/disclosure/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_figures_count_routes_outcomes_and_days_without_content(world: World) -> None:
    for n, (days, outcome) in enumerate([(10, "disclose"), (20, "not_disclose"), (35, "disclose")]):
        request = world_request(world, subject=f"Figure {n}", days_ago=60, born=date(1990, 1, n + 1))
        # Noon in London on both days, so a change of the clocks in between cannot move a day.
        received_on = timezone.localdate() - timedelta(days=60)
        received = datetime.combine(received_on, time(12), tzinfo=LONDON)
        decided = datetime.combine(received_on + timedelta(days=days), time(12), tzinfo=LONDON)
        DisclosureRequest.objects.filter(pk=request.pk).update(
            outcome=outcome,
            received_at=received,
            decided_at=decided,
            decision_due=datetime.combine(received_on + timedelta(days=28), time(23, 59), tzinfo=LONDON),
        )
    world_request(world, subject="Figure 1", days_ago=1, again=True, born=date(1990, 1, 2))  # asked about twice
    assert client_for(world.alice).get("/disclosure/figures/").status_code == 404
    page = client_for(world.sue).get("/disclosure/figures/").content.decode()
    assert '<dd class="govuk-summary-list__value" id="decided">3</dd>' in page
    assert '<dd class="govuk-summary-list__value" id="median">20</dd>' in page
    assert '<dd class="govuk-summary-list__value" id="p90">35</dd>' in page
    assert '<dd class="govuk-summary-list__value" id="within">67%</dd>' in page
    assert '<dd class="govuk-summary-list__value" id="attracting">1</dd>' in page
    repeated = IndexEntry.objects.get(
        disclosure_id=DisclosureRequest.objects.filter(subject_name="Figure 1").first().pk
    )
    assert f'<th scope="row" class="govuk-table__header">{repeated.perpetrator.reference}</th>' in page
    assert "Synthetic" not in page
    assert "Figure" not in page
    assert AuditEvent.objects.filter(verb=Verb.DISCLOSURE_FIGURES_VIEWED, actor=world.sue).exists()


def test_the_request_shows_the_subject_in_other_records_without_their_content(world: World) -> None:
    index_sync()  # the world's suspect was made outside a case page: the tick's sweep indexes it
    request = world_request(world)  # asks about "Sam Suspect", the suspect on the world's case
    page = client_for(world.alice).get(f"/disclosure/{request.pk}/").content.decode()
    assert "Appears in 1 other record; owning team: Team North." in page
    for secret in ("Vicky Victim", SECRET_ADDRESS, world.case.reference, "Test summary"):
        assert secret not in page
    assert AuditEvent.objects.filter(verb=Verb.PERSON_INDEX_MATCHED, actor=world.alice).exists()


def test_the_figures_take_the_same_queries_at_two_sizes(world: World) -> None:
    client = client_for(world.sue)
    counts = []
    for start, count in ((0, 2), (2, 10)):
        for n in range(start, start + count):
            world_request(
                world, subject=f"Pattern {n}", born=date(1991, 1, 1)
            )  # one person, asked about again and again
        client.get("/disclosure/figures/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/disclosure/figures/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
