"""What a survivor types is not kept in the browser's form history."""

from __future__ import annotations

import re

from django.test import Client


def typed_fields(html: str) -> list[str]:
    fields = re.findall(r"<input [^>]*type=\"(?:text|date|time|tel)\"[^>]*>", html)
    return fields + re.findall(r"<textarea [^>]*>", html)


def test_every_typed_field_in_a_space_asks_the_browser_not_to_remember_it(space: tuple[Client, str]) -> None:
    client, _ = space
    checked = 0
    for path in ["/s/l/1/", "/s/l/2/", "/s/d/n/"]:
        html = client.get(path).content.decode()
        for field in typed_fields(html):
            assert 'autocomplete="off"' in field, (path, field)
            checked += 1
    client.post("/s/d/n/", {"occurred_on": "2020-01-01", "occurred_time": "10:00", "what_happened": "x"})
    html = client.post("/s/d/a/", {"entry": "0", "action": "amend"}).content.decode()
    for field in typed_fields(html):
        assert 'autocomplete="off"' in field, field
        checked += 1
    assert checked >= 10
