"""A page says the language it is written in, whatever the browser asks for."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified


def _lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match, "the page has no lang attribute"
    return match.group(1)


@pytest.mark.parametrize(("path", "welsh"), [("/", "Mewn argyfwng"), ("/staff/", "Hafan"), ("/s/", "Agor")])
def test_a_browser_asking_for_welsh_gets_welsh_marked_as_welsh(world: World, path: str, welsh: str) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="cy,en;q=0.5")
    sign_in_verified(client, world.alice)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert _lang(html) == "cy"
    assert welsh in html


@pytest.mark.parametrize("path", ["/", "/staff/", "/s/"])
def test_a_browser_asking_for_english_gets_english(world: World, path: str) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.5")
    sign_in_verified(client, world.alice)
    html = client.get(path, follow=True).content.decode()
    assert _lang(html) == "en"
    assert "In an emergency, call 999." in html
