"""A page says the language it is written in, whatever the browser asks for."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified


def _lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match, "the page has no lang attribute"
    return match.group(1)


WELSH_CATALOGUE = settings.LOCALE_PATHS[0] / "cy" / "LC_MESSAGES" / "django.mo"


@pytest.mark.skipif(WELSH_CATALOGUE.exists(), reason="the Welsh catalogue exists: pages are in Welsh")
@pytest.mark.parametrize("path", ["/", "/staff/login/", "/staff/"])
def test_a_browser_asking_for_welsh_gets_english_marked_as_english(world: World, path: str) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="cy,en;q=0.5")
    sign_in_verified(client, world.alice)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert _lang(response.content.decode()) == "en"
