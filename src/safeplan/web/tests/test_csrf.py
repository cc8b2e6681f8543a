"""Forms work under Referrer-Policy: no-referrer, and cross-site posts are still refused."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CREDENTIALS = {"username": "alice", "password": "a-long-test-password"}


@pytest.fixture
def csrf_client(django_user_model: type) -> Client:
    django_user_model.objects.create_user(role="officer", **CREDENTIALS)
    client = Client(enforce_csrf_checks=True)
    client.get("/staff/login/", secure=True)
    return client


def token(client: Client) -> str:
    return str(client.session["_csrftoken"])


def test_a_same_origin_post_with_a_null_origin_is_accepted(csrf_client: Client) -> None:
    response = csrf_client.post(
        "/staff/login/",
        {**CREDENTIALS, "csrfmiddlewaretoken": token(csrf_client)},
        secure=True,
        headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("site", ["cross-site", "same-site", None])
def test_a_null_origin_from_elsewhere_is_refused(csrf_client: Client, site: str | None) -> None:
    headers = {"Origin": "null"} | ({"Sec-Fetch-Site": site} if site else {})
    response = csrf_client.post(
        "/staff/login/", {**CREDENTIALS, "csrfmiddlewaretoken": token(csrf_client)}, secure=True, headers=headers
    )
    assert response.status_code == 403
    assert "The form expired" in response.content.decode()


def test_a_same_origin_post_without_the_token_is_refused(csrf_client: Client) -> None:
    response = csrf_client.post(
        "/staff/login/", CREDENTIALS, secure=True, headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 403


def test_a_secure_post_with_neither_origin_nor_referer_nor_metadata_is_refused(csrf_client: Client) -> None:
    data = {**CREDENTIALS, "csrfmiddlewaretoken": token(csrf_client)}
    response = csrf_client.post("/staff/login/", data, secure=True)
    assert response.status_code == 403


def test_start_up_fails_without_the_protective_middleware(settings: object) -> None:
    from safeplan.web.checks import check_protections

    assert check_protections() == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "csrf" not in m]  # type: ignore[attr-defined]
    assert [error.id for error in check_protections()] == ["safeplan.E002"]
