"""Benchmark (not a test): how soon the quick exit starts leaving a survivor page.

Run: SAFEPLAN_MODE=test .venv/bin/pytest benchmarks/bench_quick_exit.py -s -q -p no:cacheprovider

For each way out (Escape, Shift three times, the button) it loads a survivor page, presses,
and times, in the browser's own clock, from the last key press or click to the page's
"beforeunload" event, which fires when navigation to the neutral exit site (served locally
here) has started.
DESIGN.md section 9 budgets 100 ms. It prints the median and the worst of 15 runs each, and
asserts nothing about time.
"""

from __future__ import annotations

import statistics

import pytest
from playwright.sync_api import Page, Request, Route

pytestmark = pytest.mark.django_db(transaction=True)

EXIT_SITE = "https://www.bbc.co.uk/**"
RUNS = 15
# Report, in the browser's clock, every key press and click before any page script sees it,
# and the moment navigation away starts.
RECORD_INPUT = """
const now = () => performance.timeOrigin + performance.now();
for (const type of ["keydown", "click"]) {
  window.addEventListener(type, () => window.__mark(["input", now()]), true);
}
window.addEventListener("beforeunload", () => window.__mark(["leave", now()]), true);
"""


def measure(page: Page, how: str, marks: list[tuple[str, float]]) -> float:
    def fulfil(route: Route, request: Request) -> None:
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>")

    page.route(EXIT_SITE, fulfil)
    page.goto("/s/")
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    page.wait_for_timeout(50)
    marks.clear()  # only what happens on this page from here on
    if how == "escape":
        page.keyboard.press("Escape")
    elif how == "shift":
        for _ in range(3):
            page.keyboard.press("Shift")
    else:
        page.locator("a.govuk-exit-this-page__button").click()
    page.wait_for_url(EXIT_SITE)
    page.unroute(EXIT_SITE)
    for _ in range(40):  # the page's reports arrive asynchronously
        if any(kind == "input" for kind, _at in marks) and any(kind == "leave" for kind, _at in marks):
            break
        page.wait_for_timeout(25)
    leave = next(at for kind, at in marks if kind == "leave")
    last_input = max(at for kind, at in marks if kind == "input" and at <= leave)
    return leave - last_input


def test_quick_exit_latency(page: Page) -> None:
    marks: list[tuple[str, float]] = []
    page.expose_function("__mark", lambda mark: marks.append((mark[0], mark[1])))
    page.add_init_script(RECORD_INPUT)
    print()
    for how in ("escape", "shift", "button"):
        times = [measure(page, how, marks) for _ in range(RUNS)]
        print(
            f"quick exit by {how:<6}: median {statistics.median(times):5.1f} ms, "
            f"worst {max(times):5.1f} ms over {RUNS} runs (budget 100 ms)"
        )
