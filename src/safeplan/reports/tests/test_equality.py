"""Equality monitoring on a case: saved by the owning team with an audit entry, never over an unseen change."""

from __future__ import annotations

from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.reports.models import EqualityMonitoring
from safeplan.testing.forms import hidden_values
from safeplan.testing.signin import sign_in_verified

ANSWERS = {"minoritised": "yes", "lgbt": "not_known", "disabled": "no", "gender": "female"}


def _client(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def test_it_saves_the_answers_with_an_audit_entry_and_shows_them_on_the_case(world: World) -> None:
    client = _client(world.alice)
    path = f"/cases/{world.case.pk}/equality/"
    form = hidden_values(client.get(path).content.decode())
    response = client.post(path, {**form, **ANSWERS})
    assert response.status_code == 302
    saved = EqualityMonitoring.objects.get(case=world.case)
    assert (saved.minoritised, saved.lgbt, saved.disabled, saved.gender) == ("yes", "not_known", "no", "female")
    event = AuditEvent.objects.get(verb=Verb.EQUALITY_MONITORING_SAVED)
    assert event.actor == world.alice
    assert event.case_id == world.case.pk
    page = client.get(f"/cases/{world.case.pk}/").content.decode()
    assert "Equality monitoring" in page
    assert "Change the equality monitoring answers" in page


def test_a_save_over_a_change_never_seen_is_refused(world: World) -> None:
    alice, bob = _client(world.alice), _client(world.bob)
    path = f"/cases/{world.case.pk}/equality/"
    alice_form = hidden_values(alice.get(path).content.decode())
    bob_form = hidden_values(bob.get(path).content.decode())
    assert alice.post(path, {**alice_form, **ANSWERS}).status_code == 302
    refused = bob.post(path, {**bob_form, **ANSWERS, "gender": "male"})
    assert refused.status_code == 200
    assert "Someone else saved this after you opened it" in refused.content.decode()
    assert EqualityMonitoring.objects.get(case=world.case).gender == "female"
    assert AuditEvent.objects.filter(verb=Verb.EQUALITY_MONITORING_SAVED).count() == 1


def test_only_those_who_may_change_the_case_open_the_page(world: World) -> None:
    path = f"/cases/{world.case.pk}/equality/"
    for user in (world.charlie, world.olga, world.pat, world.adam):
        assert _client(user).get(path).status_code == 404, user.username
    assert not EqualityMonitoring.objects.exists()
