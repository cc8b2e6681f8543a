"""'My plan' reads back what she chose, with the cautions, and her own steps; the choices come in groups."""

from __future__ import annotations

import gzip

from django.test import Client

from safeplan.content.measures import CIRCUMSTANCE_FLAGS
from safeplan.testing.survivor import document, planned_space

PAGE_BUDGET_BYTES = 100 * 1024


def test_my_plan_opens_the_read_back_of_what_she_chose_with_its_cautions(space: tuple[Client, str]) -> None:
    client, _words = space
    assert 'href="/s/p/"' in client.get("/s/h/").content.decode()  # nothing chosen yet: the questions
    client.post("/s/p/", {"situation": "living_with_abuser", "abuser_checks_accounts": "yes"})
    suggestions = client.get("/s/p/c/").context["suggestions"]
    cautioned = next(s for s in suggestions if s.cautions_that_apply)
    plain = next(s for s in suggestions if not s.cautions_that_apply)
    saved = client.post("/s/p/c/", {"chosen": [cautioned.measure.id, plain.measure.id]})
    assert saved["Location"] == "/s/p/r/"
    assert 'href="/s/p/r/"' in client.get("/s/h/").content.decode()
    page = client.get("/s/p/r/")
    html = page.content.decode()
    assert "<title>Summary - Notes</title>" in html
    assert str(cautioned.measure.title) in html
    assert str(plain.measure.title) in html
    assert str(cautioned.cautions_that_apply[0].reason) in html
    # Only what she chose: another suggestion is not read back.
    other = next(s for s in suggestions if s.measure.id not in {cautioned.measure.id, plain.measure.id})
    assert str(other.measure.title) not in html
    assert 'class="sp-no-print"' in html


def test_she_can_add_and_remove_her_own_steps(space: tuple[Client, str]) -> None:
    client, words = space
    planned_space(client)
    assert client.post("/s/p/r/", {"action": "add", "text": "Keep the spare key at Mum's"}).status_code == 302
    assert "Keep the spare key at Mum&#x27;s" in client.get("/s/p/r/").content.decode()
    step = document(words).plan.own[0]
    bad = client.post("/s/p/r/", {"action": "add", "text": ""})
    assert "Enter a step" in bad.content.decode()
    assert len(document(words).plan.own) == 1
    client.post("/s/p/r/", {"action": "remove", "item": step.id})
    assert document(words).plan.own == []


def test_she_can_add_her_own_things_to_the_bag(space: tuple[Client, str]) -> None:
    client, words = space
    client.post("/s/b/", {"action": "add", "text": "Inhaler"})
    assert [item.text for item in document(words).bag_own] == ["Inhaler"]
    assert "Inhaler" in client.get("/s/b/").content.decode()
    client.post("/s/b/", {"packed": ["bag_money"]})  # ticking the list keeps her own things
    assert [item.text for item in document(words).bag_own] == ["Inhaler"]
    assert document(words).bag == ["bag_money"]
    client.post("/s/b/", {"action": "remove", "item": document(words).bag_own[0].id})
    assert document(words).bag_own == []
    assert "Enter what to add" in client.post("/s/b/", {"action": "add", "text": ""}).content.decode()


def test_the_choices_are_grouped_and_within_the_page_budget_with_every_answer_yes(space: tuple[Client, str]) -> None:
    client, _words = space
    sizes = {}
    for situation in ("living_with_abuser", "planning_to_leave", "after_separation"):
        client.post("/s/p/", {"situation": situation, **dict.fromkeys(CIRCUMSTANCE_FLAGS, "yes")})
        sizes[situation] = len(client.get("/s/p/c/").content)
    print(f"choices page HTML by situation, every answer yes: {sizes}")
    assert max(sizes.values()) <= PAGE_BUDGET_BYTES
    page = client.get("/s/p/c/")
    html = page.content
    groups = page.context["groups"]
    assert len(groups) > 3
    assert html.decode().count('<details class="govuk-details"') == len(groups)
    assert html.decode().count('<details class="govuk-details" open>') == 1
    assert sum(len(items) for _heading, items in groups) == len(page.context["suggestions"])
    # Within a group, what was written for her circumstances comes first.
    for _heading, items in groups:
        specific = [bool(item.measure.applies_when) for item in items]
        assert specific == sorted(specific, reverse=True)
    print(f"choices page: {len(html)} bytes of HTML, {len(gzip.compress(html))} compressed")
    assert len(html) <= PAGE_BUDGET_BYTES
