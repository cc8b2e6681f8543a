"""A duress passphrase opens an innocuous notes space that never shows the real one."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client

from safeplan.survivor import services
from safeplan.survivor.models import Vault
from safeplan.testing.survivor import TECH_ANSWERS


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
    assert "Pineapple" not in other.get("/s/l/2/").content.decode()  # the same path is her notes' second list


def title(response: HttpResponse) -> str:
    """The page's title, or where a redirect sends the browser."""
    if response.status_code in (302, 303):
        return str(response["Location"])
    html = response.content.decode()
    return html.split("<title>")[1].split("</title>")[0] if "<title>" in html else ""


# Every address of a real space, as her history may hold them.
ADDRESSES = (
    "/s/h/",
    "/s/p/",
    "/s/p/c/",
    "/s/b/",
    "/s/c/",
    "/s/s/",
    "/s/d/",
    "/s/d/n/",
    "/s/d/a/",
    "/s/d/f/",
    "/s/e/",
    "/s/e/l/",
    "/s/l/1/",
    "/s/l/2/",
    "/s/l/3/",
    "/s/no-such-page/",
)


def test_every_address_answers_in_the_notes_as_in_a_real_space(space: tuple[Client, str]) -> None:
    client, _words = space
    client.post("/s/p/", {"situation": "after_separation"})
    client.post("/s/e/", TECH_ANSWERS)
    duress = make_duress(client)
    other = Client()
    other.post("/s/o/", {"passphrase": duress})
    for path in ADDRESSES:
        real, notes = client.get(path), other.get(path)
        assert (real.status_code, title(real)) == (notes.status_code, title(notes)), path
        if notes.status_code == 200:
            assert "Your notes" in notes.content.decode() or "<h1" in notes.content.decode()
    # A form sent to one of them goes home, with nothing kept.
    answer = other.post("/s/d/n/", {"what_happened": "Anything"})
    assert (answer.status_code, answer["Location"]) == (303, "/s/h/")


def test_the_notes_shell_has_no_red_button_helplines_or_privacy_links(space: tuple[Client, str]) -> None:
    client, _words = space
    duress = make_duress(client)
    other = Client()
    other.post("/s/o/", {"passphrase": duress})
    for path in ("/s/h/", "/s/l/1/", "/s/d/", "/s/no-such-page/", "/s/"):
        html = other.get(path).content.decode()
        for giveaway in (
            "govuk-exit-this-page__button",
            "Exit this page",
            "Phone numbers",
            "Staying private",
            "In an emergency",
            "Shift three times",
            "Your space",
        ):
            assert giveaway not in html, (path, giveaway)
        assert "data-sp-exit" in html  # Escape still leaves
        assert '<a class="govuk-footer__link" href="/s/x/"' in html  # and so does Close
    real = client.get("/s/h/").content.decode()
    assert "govuk-exit-this-page__button" in real
    assert 'href="#exit-this-page"' in real  # the hidden skip link to the exit


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
