"""The auto-lock never throws away what she writes: activity keeps the space open, a late entry is
saved within a grace, and writing interrupted by a lock or an exit is kept as a sealed draft."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from safeplan.survivor import drafts, services, session
from safeplan.testing.survivor import ENTRY
from safeplan.testing.survivor import csrf_token as token
from safeplan.testing.survivor import document as space_document

Clock = Callable[[float], None]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Move the session's clock forward by some seconds."""
    real = session.time.time
    offset = [0.0]
    monkeypatch.setattr(session.time, "time", lambda: real() + offset[0])

    def forward(seconds: float) -> None:
        offset[0] += seconds

    return forward


def test_the_page_is_told_how_long_is_left_and_activity_keeps_the_space_open(
    space: tuple[Client, str], clock: Clock
) -> None:
    client, _words = space
    csrf = token(client)
    state = client.post("/s/k/", {"csrfmiddlewaretoken": csrf}).json()
    assert state["open"] is True
    assert session.autolock_seconds() - 2 <= state["left"] <= session.autolock_seconds()
    clock(session.autolock_seconds() - 10)
    assert client.post("/s/k/", {"csrfmiddlewaretoken": csrf}).json()["left"] <= 10
    # Typing for longer than the lock time, reported as activity, keeps it open.
    for _ in range(3):
        assert client.post("/s/k/", {"csrfmiddlewaretoken": csrf, "active": "1"}).json()["open"] is True
        clock(session.autolock_seconds() - 10)
    assert client.get("/s/h/").status_code == 200
    clock(session.autolock_seconds() + 1)
    assert client.post("/s/k/", {"csrfmiddlewaretoken": csrf}).json() == {"open": False, "left": 0}
    assert client.get("/s/h/").status_code == 302


def test_the_keep_alive_needs_the_csrf_token(space: tuple[Client, str]) -> None:
    client, _words = space
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    assert strict.post("/s/k/", {"active": "1"}).status_code == 403
    assert client.get("/s/k/").status_code == 405


def test_an_entry_sent_just_after_the_lock_is_saved_and_then_the_space_locks(
    space: tuple[Client, str], clock: Clock
) -> None:
    client, words = space
    clock(session.autolock_seconds() + 60)
    response = client.post("/s/d/n/", ENTRY)
    assert response.status_code == 303
    assert response["Location"] == "/s/z/"
    assert "What you sent was saved" in client.get("/s/z/").content.decode()
    assert [row["kind"] for row in space_document(words).diary] == ["entry"]
    assert client.get("/s/h/").status_code == 302


def test_an_unfinished_entry_sent_after_the_lock_is_kept_as_a_draft_and_shown_again(
    space: tuple[Client, str], clock: Clock
) -> None:
    client, words = space
    clock(session.autolock_seconds() + 60)
    response = client.post("/s/d/n/", {**ENTRY, "occurred_on": "", "_form": "journal"})
    assert response["Location"] == "/s/z/"
    assert "What you were writing was kept" in client.get("/s/z/").content.decode()
    document = space_document(words)
    assert document.diary == []
    assert document.drafts["journal"].fields["what_happened"] == [ENTRY["what_happened"]]
    client.post("/s/o/", {"passphrase": words})
    assert "A diary entry" in client.get("/s/h/").content.decode()
    page = client.get("/s/d/n/").content.decode()
    assert "He pushed me against the fridge" in page
    assert "Clear it and start again" in page
    assert client.post("/s/d/n/", {**ENTRY, "_form": "journal"}).status_code == 302
    assert "journal" not in space_document(words).drafts


def test_after_the_grace_nothing_is_written(space: tuple[Client, str], clock: Clock) -> None:
    client, words = space
    clock(session.autolock_seconds() + session.GRACE_SECONDS + 1)
    response = client.post("/s/d/n/", ENTRY)
    assert response["Location"] == "/s/o/"
    assert space_document(words).diary == []


def test_locking_with_unsaved_writing_keeps_it_and_it_can_be_cleared(space: tuple[Client, str]) -> None:
    client, words = space
    csrf = token(client)
    data = {"csrfmiddlewaretoken": csrf, "_form": "contacts", "kind": "trusted", "text": "Zelda", "phone": "0770"}
    response = client.post("/s/z/", data)
    assert response.status_code == 303
    assert "What you were writing was kept" in client.get("/s/z/").content.decode()
    kept = space_document(words).drafts["contacts"].fields
    assert kept == {"kind": ["trusted"], "text": ["Zelda"], "phone": ["0770"]}
    client.post("/s/o/", {"passphrase": words})
    page = client.get("/s/l/1/").content.decode()
    assert 'value="Zelda"' in page
    client.post("/s/l/1/", {"action": "discard"})
    assert "contacts" not in space_document(words).drafts
    assert 'value="Zelda"' not in client.get("/s/l/1/").content.decode()


def test_the_exit_keeps_unsaved_writing_only_with_a_valid_token(space: tuple[Client, str]) -> None:
    client, words = space
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    forged = {"_form": "journal", "what_happened": "Forged words", "csrfmiddlewaretoken": "x" * 64}
    beacon = {"Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Site": "same-origin"}
    assert strict.post("/s/x/", forged, headers=beacon).status_code == 204
    assert space_document(words).drafts == {}
    assert strict.get("/s/h/").status_code == 302
    strict.post("/s/o/", {"passphrase": words, "csrfmiddlewaretoken": token(strict)})
    kept = {"_form": "journal", "what_happened": "He took my keys", "csrfmiddlewaretoken": token(strict)}
    assert strict.post("/s/x/", kept, headers=beacon).status_code == 204
    assert space_document(words).drafts["journal"].fields == {"what_happened": ["He took my keys"]}
    assert strict.get("/s/h/").status_code == 302


def test_a_note_on_an_entry_is_kept_and_offered_again(space: tuple[Client, str]) -> None:
    client, words = space
    client.post("/s/d/n/", ENTRY)
    csrf = token(client)
    client.post("/s/z/", {"csrfmiddlewaretoken": csrf, "_form": "journal-note", "entry": "0", "text": "Also this"})
    client.post("/s/o/", {"passphrase": words})
    assert "Carry on writing it" in client.get("/s/d/").content.decode()
    assert "Also this" in client.post("/s/d/a/", {"entry": "0", "action": "amend"}).content.decode()
    client.post("/s/d/a/", {"entry": "0", "action": "save", "kind": "addition", "text": "Also this"})
    assert "journal-note" not in space_document(words).drafts


@given(
    st.dictionaries(
        st.sampled_from(["text", "phone", "kind", "csrfmiddlewaretoken", "_form", "secret", "what_happened"]),
        st.text(max_size=6000),
    )
)
def test_a_draft_keeps_only_the_form_s_own_fields_within_the_limits(posted: dict[str, str]) -> None:
    kept = drafts.fields_of("contacts", posted)
    assert set(kept) <= {"text", "phone", "kind"}
    for name, values in kept.items():
        assert values == [posted[name][:5000]]
        assert posted[name].strip()


def test_an_unknown_form_keeps_nothing(space: tuple[Client, str]) -> None:
    _client, words = space
    opened = services.vault_open(words)
    assert opened is not None
    assert drafts.draft_save(opened, "passwords", {"text": "x"}) is False
    assert space_document(words).drafts == {}
