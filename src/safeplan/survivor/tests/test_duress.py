"""A duress passphrase opens an innocuous notes space that never shows the real one."""

from __future__ import annotations

from django.test import Client

from safeplan.survivor import services
from safeplan.survivor.models import Vault


def make_duress(client: Client) -> str:
    response = client.post("/s/s/", {"action": "duress"}, follow=True)
    assert response.status_code == 200
    return " ".join(response.context["words"])


def test_the_duress_words_open_notes_that_look_like_a_real_space(space: tuple[Client, str]) -> None:
    client, _words = space
    client.post("/s/l/2/", {"text": "Pineapple", "meaning": "Call the neighbours"})
    duress = make_duress(client)
    other = Client()
    assert other.post("/s/o/", {"passphrase": duress}).status_code == 302
    home = other.get("/s/h/").content.decode()
    assert "<title>Home - Notes</title>" in home
    assert "Your notes" in home
    assert "Shopping list" in home
    for secret in ("Pineapple", "Code words", "Emergency bag", "My plan", "Share"):
        assert secret not in home
    for path in ("/s/p/", "/s/b/", "/s/c/", "/s/s/"):
        assert other.get(path).status_code == 404
    assert "Pineapple" not in other.get("/s/l/2/").content.decode()  # the same path is her notes' second list


def test_the_notes_space_can_add_and_remove_items(space: tuple[Client, str]) -> None:
    client, _words = space
    duress = make_duress(client)
    other = Client()
    other.post("/s/o/", {"passphrase": duress})
    other.post("/s/l/1/", {"text": "Oranges"})
    page = other.get("/s/l/1/")
    assert "Oranges" in page.content.decode()
    item = next(i for i in page.context["items"] if i.text == "Oranges")
    other.post("/s/l/1/r/", {"item": item.id})
    assert "Oranges" not in other.get("/s/l/1/").content.decode()
    assert other.post("/s/l/1/", {"text": ""}).status_code == 200


def test_the_duress_space_holds_no_link_to_the_real_one(space: tuple[Client, str]) -> None:
    client, words = space
    duress = make_duress(client)
    real = services.vault_open(words)
    decoy = services.vault_open(duress)
    assert real is not None
    assert decoy is not None
    decoy_document = services.vault_read(decoy)
    assert decoy_document is not None
    assert set(decoy_document.model_dump()) == {"kind", "lists"}
    real_lookup = Vault.objects.get(pk=real.vault_id).lookup
    assert real_lookup not in str(decoy_document)


def test_new_duress_words_replace_the_old_and_can_be_removed(space: tuple[Client, str]) -> None:
    client, _words = space
    first = make_duress(client)
    second = make_duress(client)
    assert services.vault_open(first) is None
    assert services.vault_open(second) is not None
    client.post("/s/s/", {"action": "remove_duress"})
    assert services.vault_open(second) is None
    assert Vault.objects.count() == 1
