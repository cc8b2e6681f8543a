"""Benchmark (not a test): what each survivor page costs to load, gzip-compressed as production serves it.

Run: SAFEPLAN_MODE=test .venv/bin/pytest benchmarks/bench_survivor_pages.py -s -q -p no:cacheprovider

It opens a space with a plan (the longest: every question answered yes) and a code word, then
loads every survivor page in a fresh browser cache and prints, per page, the HTML alone and everything
transferred (HTML, CSS, scripts, icon; headers included), each gzip-compressed at level 9 as a
production server sends them. DESIGN.md section 9 budgets 100 KB per page; it asserts nothing.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Response

from safeplan.domain.vaultcrypto import KdfParams
from safeplan.survivor import services

pytestmark = pytest.mark.django_db(transaction=True)
BUDGET = 100 * 1024


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(services, "kdf_params", lambda: KdfParams(time_cost=1, memory_cost_kib=8, parallelism=1))
    return


def _size(response: Response) -> tuple[int, int, int]:
    try:
        body = response.body()
    except Exception:  # a redirect has no body
        body = b""
    compressed = len(gzip.compress(body, 9))  # body() is decoded even when the server sent gzip
    headers = sum(len(key) + len(value) for key, value in response.headers.items())
    return len(body), compressed, headers


PUBLIC = ["start", "about", "helplines", "legal", "self_check", "new", "open"]
IN_SPACE = ["home", "plan", "choose", "bag", "contacts", "code_words", "diary", "diary_new", "settings", "share"]


def _path(name: str) -> str:
    if name in ("contacts", "code_words"):
        return reverse("survivor:list", kwargs={"name": name})
    return reverse(f"survivor:{name}")


def test_survivor_page_weights(browser: Browser, live_server: object) -> None:
    context = browser.new_context(base_url=str(live_server), locale="en-GB")
    page = context.new_page()
    page.goto(reverse("survivor:new"))
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(_path("plan"))
    # The worst case for the suggestions page: living with him, every question answered yes.
    page.locator("input[type=radio][name=situation]").first.check()
    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(_path("code_words"))
    page.locator("main input[type=text]").nth(0).fill("Pineapple")
    page.locator("main input[type=text]").nth(1).fill("call 999")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    rows = []
    for name in PUBLIC + IN_SPACE:
        fresh = browser.new_context(base_url=str(live_server), locale="en-GB")
        fresh.add_cookies(context.cookies())
        tab = fresh.new_page()
        sizes: list[tuple[str, int, int, int]] = []
        tab.on(
            "response", lambda response, sizes=sizes: sizes.append((response.request.resource_type, *_size(response)))
        )
        tab.goto(_path(name))
        tab.wait_for_load_state("networkidle")
        raw = sum(plain for kind, plain, _body, _headers in sizes if kind == "document")
        html = sum(body for kind, _plain, body, _headers in sizes if kind == "document")
        total = sum(body + headers for _kind, _plain, body, headers in sizes)
        rows.append((name, raw, html, total))
        fresh.close()
    context.close()
    print()
    print(f"{'page':<12} {'HTML':>9} {'HTML gz':>9} {'all gz':>9}  (budget {BUDGET // 1024} KB)")
    for name, raw, html, total in rows:
        flag = "" if total <= BUDGET and raw <= BUDGET else "  OVER"
        print(f"{name:<12} {raw / 1024:8.1f}K {html / 1024:8.1f}K {total / 1024:8.1f}K{flag}")
