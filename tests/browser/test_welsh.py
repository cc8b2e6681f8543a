"""The service in Welsh, in a real browser: the switch keeps the person on the same page, and every
page a professional or a survivor reaches is accessible in Welsh (axe), marked as Welsh."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from tests.browser.conftest import assert_accessible, sign_in_in_browser

from safeplan.personas import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

# Links that leave, sign out, switch language back, download or change state on a GET.
SKIP = re.compile(r"logout|/exit/|/language/|/x/|/z/|download|/pdf/|\.zip|\.pdf|/print/|/static/")


def test_the_switch_keeps_the_person_on_the_same_page_and_the_page_is_welsh(page: Page) -> None:
    page.goto("/s/t/")
    page.get_by_role("link", name="Cymraeg").click()
    page.wait_for_load_state()
    assert page.url.endswith("/s/t/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("link", name="English")).to_be_visible()
    assert_accessible(page)
    # Nothing long-lived is left for the choice: no language cookie at all.
    assert not [c for c in page.context.cookies() if "lang" in c["name"]]


def test_every_staff_page_reached_in_welsh_is_accessible(page: Page, world: World) -> None:
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto("/language/cy/?next=/staff/")
    queue, seen = ["/staff/", f"/cases/{world.case.pk}/", "/cases/", "/cases/obligations/"], set()
    while queue and len(seen) < 30:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(path)
        assert response is not None
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        assert_accessible(page)
        for href in page.eval_on_selector_all("a[href^='/']", "links => links.map(a => a.getAttribute('href'))"):
            target = href.split("#")[0]
            if target and not SKIP.search(target) and target not in seen:
                queue.append(target)
    assert len(seen) >= 15


def test_the_survivor_space_in_welsh_is_accessible(page: Page) -> None:
    page.goto("/language/cy/?next=/s/")
    for path in ["/s/", "/s/t/", "/s/i/", "/s/r/", "/s/q/"]:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        assert_accessible(page)
    page.goto("/s/")
    page.get_by_role("link", name=re.compile("Dechrau gofod newydd|Agor")).first.click()
    page.wait_for_load_state()
    assert_accessible(page)
