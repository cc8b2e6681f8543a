"""WCAG 2.2 2.4.11: the sticky "Exit this page" button never covers any part of the control that has focus.

GOV.UK Frontend pads the scroll by the sticky button's height; without that padding this test fails (checked by hand).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from tests.browser.conftest import sign_in_in_browser

from safeplan.personas import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_OVERLAP = """() => {
  const exit = document.querySelector('.govuk-exit-this-page');
  const focused = document.activeElement;
  if (!exit || !focused || focused === document.body || exit.contains(focused)) return null;
  const a = exit.getBoundingClientRect(), b = focused.getBoundingClientRect();
  const wide = Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left));
  const tall = Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  return {area: wide * tall, whole: b.width * b.height, id: focused.id || focused.name || focused.tagName,
          exitBottom: a.bottom, top: b.top};
}"""


@pytest.mark.parametrize("viewport", [{"width": 1024, "height": 300}, {"width": 360, "height": 300}])
def test_tabbing_backwards_up_a_long_form_never_puts_a_control_under_the_exit_button(
    page: Page, world: World, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    sign_in_in_browser(page, world.alice, PASSWORD)
    page.goto("/cases/new/")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    checked = 0
    # Backwards from the end, so each control scrolls in from above, where the sticky button is.
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        overlap = page.evaluate(FOCUSED_OVERLAP)
        if overlap is None:
            continue
        checked += 1
        assert overlap["area"] == 0, f"the exit button covers part of the focused control: {overlap}"
    assert checked >= 3
