"""Two people saving the same record at once: the second save is refused and shows the first one's change.

Two sessions (Alice and Bob, both in the owning team) open the same edit page, Alice saves,
then Bob saves what he typed over the page he loaded before her save. Nothing of Bob's is
saved, his page says who saved what, keeps what he typed, and only a second, deliberate save
replaces Alice's change.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases import services as case_services
from safeplan.cases.models import Case, Person, SafeContact
from safeplan.personas import World
from safeplan.plans import services as plan_services
from safeplan.plans.models import SafetyPlanDraft, SafetyPlanVersion
from safeplan.plans.plandata import PlanData
from safeplan.plans.selectors import draft_version
from safeplan.testing.forms import hidden_values
from safeplan.testing.plans import answers, saved_version
from safeplan.testing.signin import sign_in_verified
from safeplan.versioned import NEW, StaleVersion

REFUSED = "Someone else saved this after you opened it"


def session(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def opened(client: Client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    loaded = hidden_values(response.content.decode())
    assert loaded, f"{url} carries no version"
    return loaded


def name(user: object) -> str:
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


def audited(verb: Verb) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


def assert_refused(response: object, *, theirs: str, yours: str, by: str) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "govuk-error-summary" in html
    assert REFUSED in html
    assert "What changed since you opened this page" in html
    assert f"Saved by {by}" in html
    assert theirs in html, "the other person's change is shown"
    assert yours in html, "what this person typed is kept"
    return html


def test_the_second_save_of_the_case_summary_is_refused_and_shows_the_first(world: World) -> None:
    url = f"/cases/{world.case.pk}/summary/"
    alice, bob = session(world.alice), session(world.bob)
    alice_loaded, bob_loaded = opened(alice, url), opened(bob, url)

    assert alice.post(url, {**alice_loaded, "summary": "Alice wrote this summary"}).status_code == 302
    response = bob.post(url, {**bob_loaded, "summary": "Bob wrote another summary"})

    html = assert_refused(
        response, theirs="Alice wrote this summary", yours="Bob wrote another summary", by=name(world.alice)
    )
    world.case.refresh_from_db()
    assert world.case.summary == "Alice wrote this summary"
    assert audited(Verb.CASE_UPDATED) == 1
    # Having seen Alice's summary, Bob may still choose to replace it: the page now carries her version.
    assert bob.post(url, {**hidden_values(html), "summary": "Bob wrote another summary"}).status_code == 302
    world.case.refresh_from_db()
    assert world.case.summary == "Bob wrote another summary"
    assert audited(Verb.CASE_UPDATED) == 2


def test_the_second_save_of_the_safe_contact_arrangement_is_refused(world: World) -> None:
    url = f"/cases/{world.case.pk}/safe-contact/"
    alice, bob = session(world.alice), session(world.bob)
    alice_loaded, bob_loaded = opened(alice, url), opened(bob, url)
    base = {"allowed_channels": "phone_call", "never": "voicemail"}

    saved = alice.post(url, {**alice_loaded, **base, "phone_number": "07700 900222", "safe_times": "Mornings only"})
    assert saved.status_code == 302
    response = bob.post(url, {**bob_loaded, **base, "phone_number": "07700 900333", "safe_times": "Any time"})

    html = assert_refused(response, theirs="07700 900222", yours="07700 900333", by=name(world.alice))
    assert "Mornings only" in html
    assert "Any time" in html
    contact = SafeContact.objects.get(case=world.case)
    assert (contact.phone_number, contact.safe_times, contact.updated_by_id) == (
        "07700 900222",
        "Mornings only",
        world.alice.pk,
    )
    assert audited(Verb.SAFE_CONTACT_UPDATED) == 1


def test_two_first_arrangements_at_once_keep_the_first(world: World) -> None:
    SafeContact.objects.filter(case=world.case).delete()
    case_services.safe_contact_save(
        actor=world.alice,
        case=world.case,
        allowed_channels=["letter"],
        never=[],
        version=NEW,
    )
    with pytest.raises(StaleVersion) as refused:
        case_services.safe_contact_save(
            actor=world.bob, case=world.case, allowed_channels=["email"], never=[], email="x@example.org", version=NEW
        )
    assert isinstance(refused.value.current, SafeContact)
    assert SafeContact.objects.get(case=world.case).allowed_channels == ["letter"]


def test_the_second_save_of_a_person_is_refused(world: World) -> None:
    url = f"/cases/{world.case.pk}/people/{world.suspect.pk}/"
    alice, bob = session(world.alice), session(world.bob)
    alice_loaded, bob_loaded = opened(alice, url), opened(bob, url)
    person = {"role": "suspect", "full_name": world.suspect.full_name}

    assert alice.post(url, {**alice_loaded, **person, "other_names": "Sammy"}).status_code == 302
    response = bob.post(url, {**bob_loaded, **person, "relationship": "Former partner"})

    assert_refused(response, theirs="Sammy", yours="Former partner", by=name(world.alice))
    suspect = Person.objects.get(pk=world.suspect.pk)
    assert (suspect.other_names, suspect.relationship) == ("Sammy", "")
    assert audited(Verb.PERSON_UPDATED) == 1


def test_the_second_save_of_a_plan_draft_step_is_refused(world: World) -> None:
    url = f"/cases/{world.case.pk}/plan/build/coping/"
    alice, bob = session(world.alice), session(world.bob)
    alice_loaded, bob_loaded = opened(alice, url), opened(bob, url)
    assert alice_loaded == bob_loaded == {"version": str(NEW)}

    assert alice.post(url, {**alice_loaded, "coping_strategies": "Stays at her sister's on Fridays"}).status_code == 302
    response = bob.post(url, {**bob_loaded, "coping_strategies": "Keeps her phone charged"})

    assert_refused(
        response, theirs="Stays at her sister&#x27;s on Fridays", yours="Keeps her phone charged", by=name(world.alice)
    )
    assert PlanData.from_stored(SafetyPlanDraft.objects.get(case=world.case).data).coping_strategies == (
        "Stays at her sister's on Fridays"
    )
    assert audited(Verb.PLAN_DRAFT_SAVED) == 1


def test_a_step_saved_after_the_draft_became_a_version_is_refused(world: World) -> None:
    saved_version(world.case, world.alice)
    plan_services.draft_record_coping(
        actor=world.alice, case=world.case, coping_strategies="x", none_yet=False, version=NEW
    )
    url = f"/cases/{world.case.pk}/plan/build/circumstances/"
    bob = session(world.bob)
    bob_loaded = opened(bob, url)
    plan_services.draft_discard(actor=world.alice, case=world.case)

    response = bob.post(url, {**bob_loaded, "situation": "after_separation", **answers()})

    html = response.content.decode()
    assert REFUSED in html
    assert "saved this draft as a plan version, or discarded it" in html
    assert not SafetyPlanDraft.objects.exists()


def test_saving_a_version_of_a_draft_changed_since_it_was_reviewed_is_refused(world: World) -> None:
    saved_version(world.case, world.alice)
    plan_services.draft_record_coping(
        actor=world.alice, case=world.case, coping_strategies="x", none_yet=False, version=NEW
    )
    url = f"/cases/{world.case.pk}/plan/build/"
    bob = session(world.bob)
    bob_loaded = opened(bob, url)
    plan_services.draft_record_coping(
        actor=world.alice, case=world.case, coping_strategies="y", none_yet=False, version=draft_version(world.case)
    )
    review = (timezone.localdate() + timedelta(days=30)).isoformat()

    response = bob.post(url, {**bob_loaded, "reason": "scheduled", "next_review_on": review})

    assert REFUSED in response.content.decode()
    assert SafetyPlanDraft.objects.filter(case=world.case).exists()
    assert SafetyPlanVersion.objects.filter(plan__case=world.case).count() == 1


def test_a_post_without_its_version_changes_nothing(world: World) -> None:
    alice = session(world.alice)
    response = alice.post(f"/cases/{world.case.pk}/summary/", {"summary": "No version given"})
    assert response.status_code == 200
    assert "This page is out of date" in response.content.decode()
    assert Case.objects.get(pk=world.case.pk).summary != "No version given"
    assert audited(Verb.CASE_UPDATED) == 0


def test_the_service_claims_the_version_once(world: World) -> None:
    loaded = world.case.version
    case_services.case_update(actor=world.alice, case=Case.objects.get(pk=world.case.pk), summary="a", version=loaded)
    with pytest.raises(StaleVersion):
        case_services.case_update(actor=world.bob, case=Case.objects.get(pk=world.case.pk), summary="b", version=loaded)
    case = Case.objects.get(pk=world.case.pk)
    assert (case.summary, case.version) == ("a", loaded + 1)
