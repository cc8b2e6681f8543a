"""A space's sealed document has a schema: nothing a page or service does can seal a shape the pages cannot show."""

from __future__ import annotations

import pytest
from django.test import Client
from pydantic import ValidationError

from safeplan.survivor import diary, services
from safeplan.survivor.document import Item, NotesSpace, PlanSpace, new_document, parse
from safeplan.survivor.models import Vault
from safeplan.testing.survivor import add


def opened_space(words: str) -> services.OpenVault:
    opened = services.vault_open(words)
    assert opened is not None
    return opened


def test_a_new_space_of_each_kind_round_trips_through_the_schema() -> None:
    for kind, shape in (("plan", PlanSpace), ("notes", NotesSpace)):
        document = new_document(kind)
        assert isinstance(document, shape)
        assert parse(document.model_dump_json().encode()) == document


def test_unknown_keys_and_kinds_are_refused() -> None:
    with pytest.raises(ValidationError):
        parse(b'{"kind": "plan", "diary": [], "address": "1 Hidden Lane"}')
    with pytest.raises(ValidationError):
        parse(b'{"kind": "secret", "lists": {}}')
    with pytest.raises(ValidationError):
        parse(b'{"kind": "notes", "lists": {"code_words": []}}')


def test_a_change_that_breaks_the_schema_seals_nothing(space: tuple[Client, str]) -> None:
    _client, words = space
    opened = opened_space(words)
    before = bytes(Vault.objects.get().content)
    with pytest.raises(ValidationError):
        services.plan_update(opened, lambda document: document.lists.contacts.append("Zelda"))  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        services.plan_update(opened, lambda document: setattr(document.plan, "situation", "somewhere else"))
    with pytest.raises(ValidationError):
        services.plan_update(opened, lambda document: document.lists.code_words.append(Item(id="x", text="Pear")))
    assert bytes(Vault.objects.get().content) == before


def test_a_plan_change_is_refused_in_a_notes_space(space: tuple[Client, str]) -> None:
    client, _words = space
    duress = " ".join(client.post("/s/s/", {"action": "duress"}, follow=True).context["words"])
    decoy = opened_space(duress)
    with pytest.raises(services.NotAPlanSpace):
        services.plan_update(decoy, lambda document: document.bag.append("bag_money"))
    assert isinstance(services.vault_read(decoy), NotesSpace)


def test_the_diary_is_built_once_per_export(space: tuple[Client, str], monkeypatch: pytest.MonkeyPatch) -> None:
    client, words = space
    add(client)
    add(client, occurred_on="1/3/2026", what_happened="Another time")
    opened = opened_space(words)
    document = services.vault_read(opened)
    assert isinstance(document, PlanSpace)
    calls: list[int] = []
    real = diary.entries

    def counting(document: PlanSpace) -> list[diary.DiaryEntry]:
        calls.append(1)
        return real(document)

    monkeypatch.setattr(diary, "entries", counting)
    built = diary.export(opened, document)
    diary.remove_file(built)
    assert len(calls) == 1
