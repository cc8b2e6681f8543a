"""Nothing past sign-in is shown until the second factor is given (SecondFactorRequiredMiddleware)."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from safeplan.accounts import signin
from safeplan.accounts.models import AuthenticatorApp
from safeplan.personas import World
from safeplan.testing.signin import confirmed_device, sign_in_password, sign_in_verified

pytestmark = pytest.mark.django_db

PROFESSIONAL_URLS = ["/staff/", "/staff/admin/users/", "/staff/password/", "/staff/second-factor/backup-codes/"]


@pytest.fixture
def probe(settings: Settings) -> None:
    settings.ROOT_URLCONF = "safeplan.accounts.tests.probe_urls"


@pytest.mark.parametrize("url", PROFESSIONAL_URLS)
def test_a_user_with_only_a_password_is_sent_to_set_up_a_second_factor(client: Client, world: World, url: str) -> None:
    client.force_login(world.adam)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/second-factor/set-up/?next=")


@pytest.mark.parametrize("url", PROFESSIONAL_URLS)
def test_a_user_with_a_device_but_no_code_yet_is_asked_for_it(client: Client, world: World, url: str) -> None:
    confirmed_device(world.adam)
    client.force_login(world.adam)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/second-factor/?next=")


@pytest.mark.parametrize("url", PROFESSIONAL_URLS)
def test_a_verified_user_sees_the_page(client: Client, world: World, url: str) -> None:
    sign_in_verified(client, world.adam)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PROFESSIONAL_URLS)
def test_someone_not_signed_in_is_sent_to_sign_in(client: Client, world: World, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=")


def test_a_new_professional_page_without_any_decorator_is_still_protected(
    client: Client, world: World, probe: None
) -> None:
    assert client.get("/marac/probe/")["Location"].startswith("/staff/login/")
    client.force_login(world.alice)
    assert client.get("/marac/probe/")["Location"].startswith("/staff/second-factor/set-up/")
    sign_in_verified(client, world.alice)
    assert client.get("/marac/probe/").content == b"case records"


def test_public_pages_and_the_survivor_space_need_no_sign_in(client: Client, probe: None) -> None:
    assert client.get("/").status_code == 200
    assert client.get("/s/probe/").content == b"survivor space"
    assert client.get("/staff/login/").status_code == 200


def test_a_half_signed_in_user_can_reach_the_second_factor_pages_and_sign_out(client: Client, world: World) -> None:
    client.force_login(world.alice)
    assert client.get("/staff/second-factor/set-up/").status_code == 200
    assert client.get("/staff/second-factor/set-up/app/").status_code == 200
    response = client.post("/staff/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_set_up_is_refused_to_someone_who_already_has_a_second_factor(client: Client, world: World) -> None:
    # Otherwise a stolen password would be enough to add the thief's own authenticator.
    confirmed_device(world.alice)
    client.force_login(world.alice)
    for url in ("/staff/second-factor/set-up/", "/staff/second-factor/set-up/app/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/second-factor/?next=")
    client.post("/staff/second-factor/set-up/app/", {"code": "123456"})
    assert AuthenticatorApp.objects.filter(user=world.alice).count() == 1


def test_a_password_change_is_asked_for_only_after_the_second_factor(client: Client, world: World) -> None:
    world.alice.must_change_password = True
    world.alice.save()
    confirmed_device(world.alice)
    client.force_login(world.alice)
    assert client.get("/staff/")["Location"].startswith("/staff/second-factor/")
    assert client.get("/staff/second-factor/").status_code == 200
    sign_in_verified(client, world.alice)
    assert client.get("/staff/")["Location"] == "/staff/password/"
    assert client.get("/staff/password/").status_code == 200


def test_a_session_that_loses_its_second_factor_is_ended(client: Client, world: World) -> None:
    device = sign_in_verified(client, world.alice)
    device.delete()
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?signed_out=second_factor_reset")
    assert "_auth_user_id" not in client.session


def test_after_the_password_the_user_is_sent_to_the_second_factor(client: Client, world: World) -> None:
    response = sign_in_password(client, "alice")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"] == "/staff/second-factor/?next=%2Fstaff%2F"  # type: ignore[index]
    assert client.session[signin.SIGNED_IN_AT] > 0
    assert client.get("/staff/second-factor/")["Location"].startswith("/staff/second-factor/set-up/")
