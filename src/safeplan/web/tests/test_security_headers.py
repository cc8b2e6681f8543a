"""Every response carries the security headers; pages load nothing from other origins."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

PATHS = ["/", "/staff/login/", "/no-such-page/", "/static/safeplan/app.css"]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_has_a_strict_content_security_policy(client: Client, path: str) -> None:
    response = client.get(path)
    policy = dict(
        directive.partition(" ")[::2] for directive in response.headers["Content-Security-Policy"].split("; ")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_has_the_privacy_headers(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("path", ["/", "/staff/login/", "/no-such-page/"])
def test_pages_are_never_cached_and_cannot_be_framed(client: Client, path: str) -> None:
    response = client.get(path)
    directives = [part.strip() for part in response.headers["Cache-Control"].split(",")]
    assert "no-store" in directives
    assert "public" not in directives
    assert response.headers["X-Frame-Options"] == "DENY"


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_tls(client: Client) -> None:
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_no_persistent_cookie_is_set_by_signing_in_or_browsing(client: Client, django_user_model: type) -> None:
    django_user_model.objects.create_user(username="alice", password="a-long-test-password", role="officer")
    client.get("/staff/login/")
    response = client.post("/staff/login/", {"username": "alice", "password": "a-long-test-password"})
    assert response.status_code == 302
    for cookie in client.cookies.values():
        assert not cookie["expires"], f"{cookie.key} persists on the device"
        assert not cookie["max-age"], f"{cookie.key} persists on the device"
        assert cookie["httponly"]


@pytest.mark.parametrize("path", ["/", "/staff/login/", "/no-such-page/"])
def test_pages_have_no_inline_script_and_no_third_party_origin(client: Client, path: str) -> None:
    html = client.get(path).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script found"
    assert " style=" not in html
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not re.match(r"^(https?:)?//", url) or url.startswith("https://www.bbc.co.uk/weather"), url
