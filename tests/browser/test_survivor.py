"""The survivor space in a real browser: create, open, duress, the three exits, Back, auto-lock, budgets."""

from __future__ import annotations

import gzip
import re
import sqlite3
import struct
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Response, Route
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, assert_accessible

from safeplan.domain.vaultcrypto import KdfParams
from safeplan.survivor import services

EXIT_PAGE = "https://www.bbc.co.uk/weather"
PAGE_BUDGET_BYTES = 100 * 1024
SECRET = "Pineapple means call 999"


@pytest.fixture(scope="module")
def browser(browser: Browser) -> Iterator[Browser]:
    """Chromium with its back/forward cache on, as a survivor's browser has it (Playwright turns it off).

    The browser tests' ``page`` fixture takes this browser for every test of this module.
    """
    launched = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield launched
    launched.close()


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(services, "kdf_params", lambda: KdfParams(time_cost=1, memory_cost_kib=8, parallelism=1))
    return


def stub_exit_site(page: Page) -> list[str]:
    visits: list[str] = []

    def fulfil(route: Route, request: Request) -> None:
        visits.append(request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>")

    page.route("https://www.bbc.co.uk/**", fulfil)
    return visits


def create_space(page: Page) -> str:
    page.goto("/s/")
    page.get_by_role("link", name="Start a new space").click()
    page.get_by_role("button", name="I understand, create my space").click()
    page.wait_for_url("**/s/w/")
    words = " ".join(page.locator("#passphrase li").all_inner_texts())
    assert len(words.split()) == 6
    page.get_by_role("link", name="I have kept my words safe, continue").click()
    page.wait_for_url("**/s/v/")
    type_back(page, words.split())
    page.get_by_role("button", name="Make my space").click()
    page.wait_for_url("**/s/h/")
    return words


def type_back(page: Page, words: list[str]) -> None:
    """Type the two words the check page asks for (its labels say which: "Word 2", "Word 5")."""
    for label in page.locator("label[for=id_first], label[for=id_second]").all_inner_texts():
        page.get_by_label(label, exact=True).fill(words[int(label.split()[-1]) - 1])


def tiny_png() -> bytes:
    """A real 1x1 PNG, so the browser can show it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def add_code_word(page: Page) -> None:
    page.goto("/s/l/2/")
    page.get_by_label("Code word").fill("Pineapple")
    page.get_by_label("What it means").fill("call 999")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector("text=Pineapple")


def js_ready(page: Page) -> None:
    page.wait_for_function("document.querySelector('[data-sp-exit]').hasAttribute('data-govuk-exit-this-page-init')")


def assert_no_vault_content(page: Page) -> None:
    body = page.content()
    assert "Pineapple" not in body
    assert "People to contact" not in body


def transferred(page: Page, path: str) -> int:
    """Return the bytes a page costs: every response, gzip-compressed as production serves it."""
    sizes: list[int] = []

    def count(response: Response) -> None:
        try:
            body = response.body()
        except Exception:  # a redirect has no body
            body = b""
        # body() is the decoded body even when the server sent it gzipped: compress it as the wire carried it.
        sizes.append(len(gzip.compress(body, 9)))
        sizes.append(sum(len(k) + len(v) for k, v in response.headers.items()))

    page.on("response", count)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", count)
    return sum(sizes)


def test_creating_a_space_shows_six_words_and_every_page_is_accessible_and_light(page: Page) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("/s/", "/s/n/", "/s/o/", "/s/t/", "/s/r/", "/s/q/", "/s/i/"):
        page.goto(path)
        assert re.fullmatch(r"([A-Z][a-z]+( [a-z]+)? - )?Notes", page.title())
        assert_accessible(page)
    create_space(page)
    add_code_word(page)
    page.goto("/s/p/")
    page.get_by_label("I no longer live with them").check()
    page.get_by_role("button", name="See suggestions").click()
    page.wait_for_url("**/s/p/c/")
    for path in (
        "/s/h/",
        "/s/p/",
        "/s/p/c/",
        "/s/b/",
        "/s/l/1/",
        "/s/l/2/",
        "/s/s/",
        "/s/c/",
    ):
        page.goto(path)
        assert re.fullmatch(r"([A-Z][a-z]+( [a-z]+)? - )?Notes", page.title()), path
        assert_accessible(page)
    page.goto("/s/o/")
    page.get_by_role("button", name="Open").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    origin = page.url.split("/s/")[0]
    assert all(url.startswith(origin) for url in requests), "no third-party requests"
    for path in ("/s/", "/s/h/", "/s/p/c/", "/s/b/", "/s/t/"):
        assert transferred(page, path) <= PAGE_BUDGET_BYTES, path


def masked(page: Page, label: str) -> bool:
    """Return True if the field shows dots rather than what is typed."""
    security = page.get_by_label(label, exact=True).evaluate("e => getComputedStyle(e).webkitTextSecurity")
    return bool(security == "disc")


def test_the_words_are_checked_before_the_space_is_made_and_typed_masked(page: Page) -> None:
    page.goto("/s/n/")
    page.get_by_role("button", name="I understand, create my space").click()
    page.wait_for_url("**/s/w/")
    words = page.locator("#passphrase li").all_inner_texts()
    page.get_by_role("link", name="I have kept my words safe, continue").click()
    page.wait_for_url("**/s/v/")
    labels = page.locator("label[for=id_first], label[for=id_second]").all_inner_texts()
    assert all(re.fullmatch(r"Word [1-6]", label) for label in labels)
    assert masked(page, labels[0])
    assert_accessible(page)
    # A typo: nothing made, what she typed kept (and still masked); "Show what I type" shows it.
    type_back(page, words)
    page.get_by_label(labels[1], exact=True).press("End")
    page.get_by_label(labels[1], exact=True).press_sequentially("q")
    page.get_by_role("button", name="Make my space").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name=re.compile("is not the word we showed you")).is_visible()
    assert page.get_by_label(labels[1], exact=True).input_value().endswith("q")
    assert masked(page, labels[1])
    page.get_by_label("Show what I type").check()
    assert not masked(page, labels[1])
    assert_accessible(page)
    page.get_by_label(labels[1], exact=True).fill(words[int(labels[1].split()[-1]) - 1])
    page.get_by_role("button", name="Make my space").click()
    page.wait_for_url("**/s/h/")


def test_unlocking_with_the_words(page: Page) -> None:
    words = create_space(page)
    add_code_word(page)
    page.goto("/s/h/")
    page.get_by_role("button", name="Lock").click()
    page.goto("/s/l/2/")
    page.wait_for_url("**/s/o/")
    assert masked(page, "Your six words")
    page.get_by_label("Your six words").fill(words.upper() + " typo")
    page.get_by_role("button", name="Open").click()
    page.wait_for_load_state()
    assert page.get_by_label("Your six words").input_value() == words.upper() + " typo"  # a typo keeps her words
    page.get_by_label("Your six words").fill(words.upper())
    page.get_by_role("button", name="Open").click()
    page.wait_for_url("**/s/h/")
    page.goto("/s/l/2/")
    assert "Pineapple" in page.content()


def test_the_duress_words_open_an_innocuous_space(page: Page) -> None:
    create_space(page)
    add_code_word(page)
    page.goto("/s/s/")
    page.get_by_role("button", name="Make a second set of words").click()
    page.wait_for_url("**/s/w/")
    duress = " ".join(page.locator("#passphrase li").all_inner_texts())
    page.goto("/s/z/")
    page.get_by_label("Your six words").fill(duress)
    page.get_by_role("button", name="Open").click()
    page.wait_for_url("**/s/h/")
    assert re.fullmatch(r"([A-Z][a-z]+( [a-z]+)? - )?Notes", page.title())
    assert page.get_by_role("heading", name="Your notes").is_visible()
    assert_no_vault_content(page)
    assert_accessible(page)
    page.get_by_role("link", name="Shopping list").click()
    page.get_by_label("Add an item").fill("Oranges")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector("text=Oranges")
    assert_accessible(page)
    page.get_by_role("button", name="Remove Oranges").click()
    page.wait_for_load_state()
    assert "Oranges" not in page.content()
    # Nothing gives the notes away: no red button or helplines, on a page that does not exist either,
    # and an address from her history (her diary) answers as it would in her real space.
    for path in ("/s/no-such-page/", "/s/h/", "/s/d/"):
        page.goto(path)
        if page.url.endswith("/s/o/"):  # an address typed that is not a page of the space locks it
            page.get_by_label("Your six words").fill(duress)
            page.get_by_role("button", name="Open").click()
            page.wait_for_url("**/s/h/")
            page.goto(path)
        assert page.locator(".govuk-exit-this-page__button").count() == 0, path
        assert page.get_by_text("Phone numbers").count() == 0, path
        assert page.get_by_role("link", name="Close").is_visible(), path
    assert page.title() == "Entries - Notes"
    assert page.get_by_role("heading", name="Your notes").is_visible()
    assert_accessible(page)
    # Escape still leaves at once, and the notes are locked behind it.
    visits = stub_exit_site(page)
    page.wait_for_function("document.querySelector('[data-sp-exit]') !== null")
    page.keyboard.press("Escape")
    page.wait_for_url(EXIT_PAGE)
    assert visits == [EXIT_PAGE]
    page.goto("/s/h/")
    assert page.url.endswith("/s/o/")


@pytest.mark.parametrize("how", ["button", "shift", "escape"])
def test_each_way_out_replaces_the_page_ends_the_session_and_back_shows_nothing(page: Page, how: str) -> None:
    visits = stub_exit_site(page)
    create_space(page)
    add_code_word(page)
    page.goto("/s/l/2/")
    js_ready(page)
    history_before = page.evaluate("history.length")
    if how == "button":
        page.get_by_role("button", name="Emergency Exit this page").click()
    elif how == "shift":
        for _ in range(3):
            page.keyboard.press("Shift")
            time.sleep(0.05)
    else:
        page.keyboard.press("Escape")
    page.wait_for_url(EXIT_PAGE)
    assert visits == [EXIT_PAGE]
    # The exit replaced the vault page in the history instead of adding an entry.
    assert page.evaluate("history.length") == history_before
    page.go_back(wait_until="commit")
    # The page before it comes back from the back/forward cache empty and loads again: locked.
    page.wait_for_url("**/s/o/")
    assert_no_vault_content(page)
    page.goto("/s/l/2/")
    page.wait_for_url("**/s/o/")
    assert_no_vault_content(page)


@pytest.mark.parametrize("how", ["shift", "escape"])
def test_the_front_page_leaves_as_the_space_does_and_back_does_not_show_it(page: Page, how: str) -> None:
    visits = stub_exit_site(page)
    page.goto("/s/t/")
    page.goto("/")
    js_ready(page)
    history_before = page.evaluate("history.length")
    if how == "shift":
        for _ in range(3):
            page.keyboard.press("Shift")
            time.sleep(0.05)
    else:
        page.keyboard.press("Escape")
    page.wait_for_url(EXIT_PAGE)
    assert visits == [EXIT_PAGE]
    assert page.evaluate("history.length") == history_before  # replaced, not added
    page.go_back(wait_until="commit")
    page.wait_for_url("**/s/t/", wait_until="commit")  # Back goes to the page before the front page: it was replaced


def test_without_javascript_the_exit_is_a_visible_link_that_still_works(browser: object, live_server: object) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=str(live_server))  # type: ignore[attr-defined]
    page = context.new_page()
    stub_exit_site(page)
    page.goto("/s/")
    link = page.locator("a.govuk-exit-this-page__button")
    assert link.is_visible()
    assert link.get_attribute("href") == "/s/x/"
    link.click()
    page.wait_for_url(EXIT_PAGE)
    context.close()


def test_an_idle_space_locks_itself(page: Page, settings: object) -> None:
    settings.SURVIVOR_AUTOLOCK_SECONDS = 3  # type: ignore[attr-defined]
    create_space(page)
    add_code_word(page)
    page.goto("/s/l/2/")
    page.wait_for_url("**/s/z/", timeout=8_000)
    assert "Your space is locked" in page.content()
    assert_no_vault_content(page)
    page.goto("/s/l/2/")
    page.wait_for_url("**/s/o/")


def test_writing_in_the_diary_on_a_phone_and_every_diary_page_is_accessible(
    browser: object, live_server: object
) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=str(live_server), locale="en-GB", viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    create_space(page)
    page.get_by_role("link", name="My diary").click()
    page.wait_for_url("**/s/d/")
    assert re.fullmatch(r"([A-Z][a-z]+( [a-z]+)? - )?Notes", page.title())
    assert_accessible(page)
    page.get_by_role("link", name="Write something down").click()
    page.wait_for_url("**/s/d/n/")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("Date it happened").fill("14/2/2026")
    page.get_by_label("I am not sure of the exact date or time").check()
    page.get_by_label("Roughly when").fill("mid February")
    page.get_by_label("What happened").fill("He shouted at me and threw my keys.")
    page.get_by_label("Left arm").check()
    png = tiny_png()
    page.get_by_label("A photo or document (optional)").set_input_files(
        files=[{"name": "photo.png", "mimeType": "image/png", "buffer": png}]
    )
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/s/d/")
    assert page.get_by_text("He shouted at me and threw my keys.").is_visible()
    assert page.get_by_text("1 photo or document").is_visible()
    assert_accessible(page)
    # She can look at the photo in the space, without downloading it.
    page.get_by_role("button", name="View photo 1 of this entry").click()
    page.wait_for_url("**/s/d/v/")
    assert page.title() == "Picture - Notes"
    assert page.locator("img.sp-photo").evaluate("img => img.complete && img.naturalWidth") == 1
    assert_accessible(page)
    page.get_by_role("link", name="Back to my diary").click()
    page.wait_for_url("**/s/d/")
    page.get_by_role("button", name="Add a correction or note to this entry").click()
    page.wait_for_selector("h1:has-text('Add a correction or note')")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("Something to add").check()
    page.get_by_label("Your note").fill("He also broke the mirror.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/s/d/")
    assert page.get_by_text("He also broke the mirror.").is_visible()
    page.get_by_role("link", name="Download my diary").click()
    page.wait_for_url("**/s/d/f/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download (1 entry)").click()
    assert download.value.suggested_filename == "notes.zip"
    context.close()


def test_typing_for_longer_than_the_lock_time_keeps_the_space_open(page: Page, settings: object) -> None:
    settings.SURVIVOR_AUTOLOCK_SECONDS = 4  # type: ignore[attr-defined]
    create_space(page)
    page.goto("/s/d/n/")
    page.get_by_label("Date it happened").fill("14/2/2026")
    page.get_by_label("Time it happened").fill("21:30")
    words = "He took my phone and would not give it back until the morning. " * 2
    started = time.monotonic()
    page.get_by_label("What happened").press_sequentially(words, delay=70, timeout=60_000)
    assert time.monotonic() - started > 2 * 4, "typed for longer than twice the lock time"
    assert "/s/d/n/" in page.url
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/s/d/")
    assert page.get_by_text("He took my phone").is_visible()


def test_a_warning_comes_before_the_lock_and_she_can_stay(page: Page, settings: object) -> None:
    settings.SURVIVOR_AUTOLOCK_SECONDS = 6  # type: ignore[attr-defined]
    create_space(page)
    page.goto("/s/h/")
    warning = page.get_by_role("dialog", name="Your space is about to lock")
    warning.wait_for(state="visible", timeout=8_000)
    assert_accessible(page)
    warning.get_by_role("button", name="Keep my space open").click()
    warning.wait_for(state="hidden")
    page.wait_for_timeout(3_000)  # past the original lock time
    assert page.url.endswith("/s/h/")
    assert page.get_by_role("heading", name="Your notes").is_visible()
    page.wait_for_url("**/s/z/", timeout=10_000)


def test_writing_interrupted_by_the_lock_is_kept_and_shown_when_she_opens_again(page: Page, settings: object) -> None:
    settings.SURVIVOR_AUTOLOCK_SECONDS = 3  # type: ignore[attr-defined]
    words = create_space(page)
    page.goto("/s/l/1/")
    page.get_by_label("Someone I trust").check()
    page.get_by_label("Name").fill("Zelda Quixote")
    page.wait_for_url("**/s/z/", timeout=8_000)
    assert "What you were writing was kept" in page.content()
    assert "Zelda" not in page.content()
    settings.SURVIVOR_AUTOLOCK_SECONDS = 300  # type: ignore[attr-defined]
    page.get_by_label("Your six words").fill(words)
    page.get_by_role("button", name="Open").click()
    page.wait_for_url("**/s/h/")
    page.get_by_role("link", name="A person to contact").click()
    assert page.get_by_label("Name").input_value() == "Zelda Quixote"
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector("#items >> text=Zelda Quixote")


HIDE_PAGE = """
Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
document.dispatchEvent(new Event("visibilitychange"));
"""


def space_is_locked(page: Page) -> bool:
    """Return True if the space is locked on the server, asked with the browser's cookies but no page."""
    response = page.request.get("/s/h/", max_redirects=0)
    assert response.status in (200, 302)
    return response.status == 302


def test_back_on_a_survivor_page_never_exits_by_itself(page: Page) -> None:
    visits = stub_exit_site(page)
    page.add_init_script("addEventListener('pageshow', (e) => { window.__restored = e.persisted; });")
    page.goto("/s/")
    page.get_by_role("link", name="Find phone numbers for help and advice").click()
    page.wait_for_url("**/s/t/")
    js_ready(page)
    page.go_back(wait_until="commit")
    page.wait_for_timeout(500)
    assert page.url.endswith("/s/")
    assert page.evaluate("window.__restored") is True, "the page came back from the back/forward cache"
    assert visits == []
    create_space(page)
    add_code_word(page)
    page.goto("/s/h/")
    page.get_by_role("link", name="Code words").click()
    page.wait_for_url("**/s/l/2/")
    page.go_back(wait_until="commit")
    page.wait_for_timeout(500)
    page.wait_for_load_state()
    assert page.url.endswith("/s/h/")
    assert page.get_by_role("heading", name="Your notes").is_visible()
    assert visits == []


def test_hiding_the_page_locks_the_space_and_keeps_what_she_was_writing(page: Page) -> None:
    words = create_space(page)
    page.goto("/s/l/1/")
    js_ready(page)
    page.get_by_label("Someone I trust").check()
    page.get_by_label("Name").fill("Zelda Quixote")
    page.evaluate(HIDE_PAGE)
    assert "Zelda" not in page.locator("body").inner_text()
    page.wait_for_timeout(300)
    assert space_is_locked(page)
    page.goto("/s/o/")
    page.get_by_label("Your six words").fill(words)
    page.get_by_role("button", name="Open").click()
    page.wait_for_url("**/s/h/")
    page.goto("/s/l/1/")
    assert page.get_by_label("Name").input_value() == "Zelda Quixote"


def test_she_can_choose_to_stay_open_when_the_page_is_hidden(page: Page) -> None:
    create_space(page)
    page.goto("/s/s/")
    checkbox = page.get_by_label("Lock my space when I switch to another app or tab")
    assert checkbox.is_checked()
    checkbox.uncheck()
    page.get_by_role("button", name="Save this setting").click()
    page.wait_for_url("**/s/s/")
    assert not page.get_by_label("Lock my space when I switch to another app or tab").is_checked()
    page.goto("/s/h/")
    js_ready(page)
    page.evaluate(HIDE_PAGE)
    page.wait_for_timeout(300)
    assert not space_is_locked(page)


def test_closing_the_tab_locks_the_space(page: Page) -> None:
    create_space(page)
    add_code_word(page)
    context = page.context
    page.goto("/s/l/2/")
    js_ready(page)
    page.close(run_before_unload=True)
    other = context.new_page()
    other.wait_for_timeout(300)
    other.goto("/s/l/2/")
    other.wait_for_url("**/s/o/")
    assert "Pineapple" not in other.content()


def test_a_page_of_the_space_opened_in_another_tab_shows_nothing_and_locks(page: Page) -> None:
    create_space(page)
    add_code_word(page)
    other = page.context.new_page()
    shown: list[str] = []
    other.on("framenavigated", lambda frame: shown.append(frame.url))
    other.goto("/s/l/2/", wait_until="commit")
    other.wait_for_url("**/s/z/")
    assert "Pineapple" not in other.content()
    assert other.get_by_text("Your space is locked").is_visible()
    page.goto("/s/h/")
    page.wait_for_url("**/s/o/")


def test_my_plan_reads_back_what_she_chose_prints_discreetly_and_takes_her_own_steps(page: Page) -> None:
    create_space(page)
    page.goto("/s/p/")
    page.get_by_label("I live with the person who is hurting me").check()
    page.get_by_role("button", name="See suggestions").click()
    page.wait_for_url("**/s/p/c/")
    assert_accessible(page)
    first = page.locator("details[open] input[name=chosen]").first
    chosen = page.locator(f"label[for={first.get_attribute('id')}]").inner_text()
    first.check()
    page.get_by_role("button", name="Save my plan").click()
    page.wait_for_url("**/s/p/r/")
    assert page.title() == "Summary - Notes"
    assert page.locator("#plan").get_by_text(chosen).is_visible()
    page.get_by_label("Add a step of your own").fill("Keep my charger in the car")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector("text=Keep my charger in the car")
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator(".govuk-exit-this-page").is_visible()
    assert not page.get_by_label("Add a step of your own").is_visible()
    assert page.locator("#plan").get_by_text(chosen).is_visible()
    page.emulate_media(media="screen")
    page.goto("/s/h/")
    page.get_by_role("link", name="My plan", exact=True).click()
    page.wait_for_url("**/s/p/r/")
    page.goto("/s/b/")
    page.get_by_label("Add something of your own").fill("Inhaler")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector("text=Inhaler")
    assert_accessible(page)


MARKER = "Zanzibarquill"  # typed into every form; must be nowhere on disk afterwards
ADDRESS = "17 Quillfeather Lane"


def profile_holds(folder: Path, *needles: str) -> list[str]:
    """Return the files under the browser profile that hold any needle (UTF-8 or UTF-16, as Chrome writes both)."""
    patterns = [form for needle in needles for form in (needle.encode(), needle.encode("utf-16-le"))]
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(pattern in data for pattern in patterns):
                found.append(str(path.relative_to(folder)))
    return found


def fill_every_form(page: Page) -> None:
    """Type the marker into every form of the space (and the address into the diary)."""
    page.goto("/s/d/n/")
    page.get_by_label("Date it happened").fill("14/2/2026")
    page.get_by_label("Time it happened").fill("21:30")
    page.get_by_label("Where it happened").fill(ADDRESS)
    page.get_by_label("What happened").fill(f"{MARKER} diary entry")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/s/d/")
    page.goto("/s/l/1/")
    page.get_by_label("Someone I trust").check()
    page.get_by_label("Name").fill(f"{MARKER} Friend")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector(f"text={MARKER} Friend")
    page.goto("/s/l/2/")
    page.get_by_label("Code word").fill(MARKER)
    page.get_by_label("What it means").fill(f"{MARKER} means come now")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector(f"text={MARKER} means come now")
    page.goto("/s/b/")
    page.get_by_label("Add something of your own").fill(f"{MARKER} inhaler")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector(f"text={MARKER} inhaler")
    page.goto("/s/p/")
    page.get_by_label("I live with the person who is hurting me").check()
    page.get_by_role("button", name="See suggestions").click()
    page.wait_for_url("**/s/p/c/")
    page.get_by_role("button", name="Save my plan").click()
    page.wait_for_url("**/s/p/r/")
    page.get_by_label("Add a step of your own").fill(f"{MARKER} step")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector(f"text={MARKER} step")
    page.goto("/s/d/n/")  # unsaved writing at the moment she leaves (kept sealed on the server, not on disk)
    page.get_by_label("What happened").fill(f"{MARKER} unsaved")


def test_a_persistent_profile_keeps_nothing_after_each_way_out(
    browser: Browser, live_server: object, tmp_path: Path
) -> None:
    """As a survivor's browser keeps a profile on disk: after each exit, no marker, address or space is left."""
    profile = tmp_path / "profile"

    def launch() -> BrowserContext:
        return browser.browser_type.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            ignore_default_args=["--disable-back-forward-cache"],
            base_url=str(live_server),
            locale="en-GB",
        )

    words = ""
    for how in ("escape", "button", "shift"):
        context = launch()
        page = context.pages[0] if context.pages else context.new_page()
        visits = stub_exit_site(page)
        if words:
            page.goto("/s/o/")
            page.get_by_label("Your six words").fill(words)
            page.get_by_role("button", name="Open").click()
            page.wait_for_url("**/s/h/")
        else:
            words = create_space(page)
        fill_every_form(page)
        js_ready(page)
        if how == "escape":
            page.keyboard.press("Escape")
        elif how == "button":
            page.get_by_role("button", name="Emergency Exit this page").click()
        else:
            for _ in range(3):
                page.keyboard.press("Shift")
                time.sleep(0.05)
        page.wait_for_url(EXIT_PAGE)
        assert visits == [EXIT_PAGE]
        for _ in range(5):  # Back shows nothing of the space
            page.go_back(wait_until="commit")
            page.wait_for_timeout(300)
            assert MARKER not in page.content(), how
        assert not [c for c in context.cookies() if c["name"] == "svk"], how
        context.close()
        leftovers = profile_holds(profile, MARKER, ADDRESS, words)
        assert leftovers == [], (how, leftovers)
        # History keeps short paths and neutral titles only.
        history = sqlite3.connect(profile / "Default" / "History")
        rows = history.execute("SELECT url, title FROM urls").fetchall()
        history.close()
        for url, title in rows:
            if "/s/" in url and not url.endswith("/s/x/"):  # the exit redirects to the neutral site
                assert re.fullmatch(r"http://[^/]+/s/([a-z1-3]/){0,3}", url.split("#")[0]), url
                # (the page the exit replaced takes the neutral site's title: "Weather" here)
                assert title == "Weather" or re.fullmatch(r"([A-Z][a-z]+( [a-z]+)? - )?Notes", title), title
        # Relaunching the browser (it restores the last session) never shows the space.
        context = launch()
        page = context.pages[0] if context.pages else context.new_page()
        page.goto("/s/h/")
        page.wait_for_url("**/s/o/")
        assert MARKER not in page.content()
        context.close()
