"""What is stored: never the passphrase, never readable content."""

from __future__ import annotations

from django.db import connection
from django.test import Client

from safeplan.survivor import services
from safeplan.survivor.models import Vault
from safeplan.testing.survivor import create_space


def every_stored_value() -> list[bytes]:
    values: list[bytes] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            # Table names come from the database's own catalogue, not from input.
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if value is None:
                        continue
                    if isinstance(value, memoryview | bytes | bytearray):
                        values.append(bytes(value).lower())
                    else:
                        values.append(str(value).lower().encode("utf-8", "replace"))
    return values


def hits(needle: bytes, values: list[bytes]) -> int:
    return sum(needle in value for value in values)


def test_the_passphrase_and_its_words_are_stored_nowhere(db: None) -> None:
    client = Client()
    before = every_stored_value()
    words = create_space(client)
    client.post("/s/l/1/", {"kind": "trusted", "text": "Zelda Quixote", "phone": "07700 900123"})
    client.get("/s/h/")
    after = every_stored_value()
    assert hits(words.encode(), after) == 0
    assert hits(words.replace(" ", "").encode(), after) == 0
    for word in words.split():
        # Some list words also name tables or permissions ("change", "session"): compare with before.
        assert hits(word.encode(), after) == hits(word.encode(), before), word


def test_what_a_survivor_writes_is_unreadable_in_the_database(space: tuple[Client, str]) -> None:
    client, _words = space
    client.post("/s/l/2/", {"text": "Pineapple", "meaning": "Call the neighbours"})
    client.post("/s/l/1/", {"kind": "emergency", "text": "Zelda Quixote", "phone": "07700 900123"})
    assert "Pineapple" in client.get("/s/l/2/").content.decode()
    stored = every_stored_value()
    for needle in (b"pineapple", b"neighbours", b"zelda", b"07700"):
        assert not any(needle in value for value in stored), needle


def test_content_is_sealed_under_a_data_key_that_is_itself_sealed_under_the_passphrase(db: None) -> None:
    words, opened = services.vault_create()
    vault = Vault.objects.get()
    assert opened.data_key not in bytes(vault.sealed_data_key)
    assert vault.kdf_params.startswith("argon2id$")
    reopened = services.vault_open(words)
    assert reopened is not None
    assert reopened.data_key == opened.data_key
    assert services.vault_read(reopened).kind == "plan"  # type: ignore[union-attr]


def test_a_passphrase_typed_with_capitals_and_extra_spaces_opens_the_same_space(db: None) -> None:
    words, opened = services.vault_create()
    typed = "  " + words.upper().replace(" ", "   ") + " "
    assert services.vault_open(typed) == opened


def test_a_wrong_passphrase_opens_nothing(db: None) -> None:
    words, _opened = services.vault_create()
    assert services.vault_open(words + " extra") is None
    assert services.vault_open("") is None
