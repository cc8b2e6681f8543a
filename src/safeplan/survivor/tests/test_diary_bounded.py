"""Her diary page shows a bounded number of entries, however long the diary grows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safeplan.testing.lists import assert_bounded
from safeplan.testing.survivor import add

PAGE = 2


@pytest.fixture(autouse=True)
def small_pages(settings: Any) -> None:
    settings.LIST_PAGE_SIZE = PAGE


def test_the_diary_page_holds_one_page_whatever_the_number_of_entries(space: tuple[Client, str]) -> None:
    client, _ = space

    def write(count: int) -> None:
        for _ in range(count):
            assert add(client).status_code == 302

    assert_bounded(client, "/s/d/", write, page=PAGE)


def test_every_entry_is_on_one_page_or_another(space: tuple[Client, str]) -> None:
    client, _ = space
    for number in range(2 * PAGE + 1):
        add(client, what_happened=f"Synthetic entry number {number:02d}")
    shown = "".join(client.get(f"/s/d/?page={page}").content.decode() for page in (1, 2, 3))
    assert all(f"Synthetic entry number {number:02d}" in shown for number in range(2 * PAGE + 1))
