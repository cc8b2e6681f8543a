"""Drafts: an interrupted assessment is kept for its author, resumed, and gone after submitting or expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.risk.models import Assessment, AssessmentDraft
from safeplan.risk.services import drafts_purge
from safeplan.risk.tasks import purge_expired_drafts
from safeplan.testing.risk import answers_with, panel_html
from safeplan.testing.signin import sign_in_verified

WORDS = "He waits outside my work every Friday"


@pytest.fixture
def alice(world: World) -> Client:
    client = Client()
    sign_in_verified(client, world.alice)
    return client


def url(world: World) -> str:
    return f"/cases/{world.case.pk}/risk/new/ric/"


def partial() -> dict[str, str]:
    return {"action": "draft", "current_injury": "yes", "very_frightened": "unknown", "victim_account": WORDS}


def test_saving_a_draft_keeps_what_was_typed_without_checking_it(world: World, alice: Client) -> None:
    response = alice.post(url(world), partial())
    assert response.status_code == 302
    assert response["Location"] == url(world)
    draft = AssessmentDraft.objects.get()
    assert (draft.case, draft.user, draft.instrument_id) == (world.case, world.alice, "ric")
    assert draft.data == {"current_injury": "yes", "very_frightened": "unknown", "victim_account": WORDS}
    assert draft.expires_at - draft.saved_at == timedelta(days=7)
    assert not Assessment.objects.exists()


def test_saving_a_draft_is_audited_without_its_content(world: World, alice: Client) -> None:
    alice.post(url(world), partial())
    event = AuditEvent.objects.get(verb=Verb.RISK_DRAFT_SAVED)
    assert event.actor == world.alice
    assert event.case_id == world.case.pk
    assert event.detail == {"instrument": "ric", "answered": 2, "new": True}
    assert WORDS not in str(event.detail)


def test_the_draft_is_encrypted_at_rest(world: World, alice: Client) -> None:
    alice.post(url(world), partial())
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM risk_assessmentdraft")
        (raw,) = cursor.fetchone()
    assert "Friday" not in raw
    assert "current_injury" not in raw


def test_opening_the_form_again_resumes_the_draft(world: World, alice: Client) -> None:
    alice.post(url(world), partial())
    html = alice.get(url(world)).content.decode()
    assert "You are continuing your draft" in html
    assert 'name="current_injury" type="radio" value="yes" checked' in html
    assert 'name="very_frightened" type="radio" value="unknown" checked' in html
    assert WORDS in html
    assert "Draft saved at" in html


def test_saving_again_replaces_the_draft(world: World, alice: Client) -> None:
    alice.post(url(world), partial())
    alice.post(url(world), {"action": "draft", "current_injury": "no"})
    assert AssessmentDraft.objects.get().data == {"current_injury": "no"}


def test_a_draft_is_only_offered_to_its_author(world: World, alice: Client) -> None:
    alice.post(url(world), partial())
    bob = Client()
    sign_in_verified(bob, world.bob)
    html = bob.get(url(world)).content.decode()
    assert "You are continuing your draft" not in html
    assert WORDS not in html
    assert "You have a draft" not in panel_html(world.case, world.bob)
    assert "You have a draft" in panel_html(world.case, world.alice)


def test_submitting_deletes_the_draft(world: World, alice: Client) -> None:
    alice.post(url(world), partial())
    alice.post(
        url(world),
        {
            **answers_with(yes=1),
            "trigger": "initial",
            "victim_view": "not_sure",
            "incidents_last_12_months": "0",
            "judgement": "none",
            "action": "submit",
        },
    )
    assert Assessment.objects.count() == 1
    assert not AssessmentDraft.objects.exists()


def test_a_failed_submit_keeps_the_draft(world: World, alice: Client) -> None:
    alice.post(url(world), partial())
    alice.post(url(world), {"current_injury": "yes", "action": "submit"})
    assert AssessmentDraft.objects.count() == 1


def test_discarding_the_draft_deletes_it_and_is_audited(world: World, alice: Client) -> None:
    alice.post(url(world), partial())
    alice.post(url(world), {"action": "discard"})
    assert not AssessmentDraft.objects.exists()
    assert AuditEvent.objects.get(verb=Verb.RISK_DRAFT_DISCARDED).detail == {"instrument": "ric"}


def test_a_background_save_answers_in_json(world: World, alice: Client) -> None:
    response = alice.post(url(world), partial(), headers={"X-Safeplan-Autosave": "1"})
    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert AssessmentDraft.objects.count() == 1


def test_an_expired_draft_is_not_resumed_and_is_purged(world: World, alice: Client) -> None:
    alice.post(url(world), partial())
    AssessmentDraft.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    html = alice.get(url(world)).content.decode()
    assert WORDS not in html
    assert "You have a draft" not in panel_html(world.case, world.alice)
    assert drafts_purge() == 1
    assert not AssessmentDraft.objects.exists()
    event = AuditEvent.objects.get(verb=Verb.RISK_DRAFTS_PURGED)
    assert event.detail == {"count": 1, "cases": [world.case.pk]}


def test_the_purge_task_leaves_live_drafts(world: World, alice: Client) -> None:
    alice.post(url(world), partial())
    assert purge_expired_drafts.call() == 0
    assert AssessmentDraft.objects.count() == 1
    assert not AuditEvent.objects.filter(verb=Verb.RISK_DRAFTS_PURGED).exists()


def test_the_draft_lifetime_is_a_setting(world: World, alice: Client, settings: object) -> None:
    settings.RISK_DRAFT_DAYS = 2  # type: ignore[attr-defined]
    alice.post(url(world), partial())
    draft = AssessmentDraft.objects.get()
    assert draft.expires_at - draft.saved_at == timedelta(days=2)


def test_an_oversized_draft_is_refused(world: World, alice: Client) -> None:
    response = alice.post(url(world), {**partial(), "notes": "x" * 20_001})
    assert response.status_code == 200
    assert "The draft is too long to save." in response.content.decode()
    assert not AssessmentDraft.objects.exists()
