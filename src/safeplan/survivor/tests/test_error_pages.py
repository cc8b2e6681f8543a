"""Error pages under /s/ look like the survivor space and their quick exit ends an open space."""

from __future__ import annotations

from django.test import Client

from safeplan.survivor.models import Vault


def title(html: str) -> str:
    return html.split("<title>")[1].split("</title>")[0]


def test_a_missing_survivor_page_keeps_the_neutral_title_and_the_survivor_exit(space: tuple[Client, str]) -> None:
    client, _ = space
    response = client.get("/s/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert title(html) == "Notes"
    assert 'href="/s/x/"' in html
    assert "survivor/space.mjs" in html
    assert response["Cache-Control"] == "no-store"


def test_a_plan_page_in_a_notes_space_answers_as_in_a_real_space(space: tuple[Client, str]) -> None:
    client, _ = space
    words = client.post("/s/s/", {"action": "duress"}, follow=True).context["words"]
    client.get("/s/x/")
    client.post("/s/o/", {"passphrase": " ".join(words)})
    response = client.get("/s/p/")
    assert response.status_code == 200
    assert title(response.content.decode()) == "Questions - Notes"
    missing = client.get("/s/no-such-page/")
    assert missing.status_code == 404
    assert title(missing.content.decode()) == "Notes"
    assert "govuk-exit-this-page__button" not in missing.content.decode()


def test_an_expired_survivor_form_offers_an_exit_that_locks_the_open_space(space: tuple[Client, str]) -> None:
    client, _ = space
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    response = strict.post("/s/l/1/", {"kind": "trusted", "text": "Ann", "csrfmiddlewaretoken": "stale"})
    assert response.status_code == 403
    html = response.content.decode()
    assert title(html) == "Notes"
    assert 'href="/s/x/"' in html
    assert "survivor/space.mjs" in html
    assert client.get("/s/h/").status_code == 200
    client.get("/s/x/")
    assert client.get("/s/h/")["Location"] == "/s/o/"
    assert Vault.objects.count() == 1


def test_staff_error_pages_keep_the_staff_layout(db: None) -> None:
    html = Client().get("/no-such-page/").content.decode()
    assert "survivor/space.mjs" not in html
    assert 'href="/staff/exit/"' in html


def test_words_that_do_not_open_a_space_stay_typed_and_masked(db: None) -> None:
    response = Client().post("/s/o/", {"passphrase": "apple banana cherry dates eggplant figs"})
    html = response.content.decode()
    assert "We couldn" in html
    # A typo keeps what she typed, in the masked field with its Show tick box (never a password field).
    group = html.split('<div class="sp-masked">')[1].split("<button")[0]
    assert 'value="apple banana cherry dates eggplant figs"' in group
    assert 'type="text"' in group
    assert 'type="password"' not in html
    assert 'class="govuk-checkboxes__input sp-show"' in group
    assert 'name="' not in group.split('class="govuk-checkboxes__input sp-show"')[1].split(">")[0]


def test_the_front_page_has_the_survivor_exit(db: None) -> None:
    html = Client().get("/").content.decode()
    assert "survivor/space.mjs" in html  # Escape and Shift three times, replacing the page
    assert "data-sp-exit" in html
    assert 'href="/s/x/"' in html
    assert 'href="#exit-this-page"' in html
    assert 'data-module="govuk-exit-this-page"' not in html  # not the stock component, which Back undoes
