"""An agency admin manages the users and teams of their own agency, and nobody else's; every write is audited."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safeplan.accounts.models import AuthenticatorApp, Role, Team, User
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import PASSWORD, World
from safeplan.testing.signin import code_for, confirmed_device, sign_in_password, sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, world: World) -> Client:
    sign_in_verified(client, world.adam)
    return client


def user_pages(pk: int) -> list[str]:
    base = f"/staff/admin/users/{pk}/"
    return [
        base,
        f"{base}change/",
        f"{base}reset/",
        f"{base}deactivate/",
        f"{base}reactivate/",
    ]


ADMIN_PAGES = ["/staff/admin/users/", "/staff/admin/users/new/", "/staff/admin/teams/", "/staff/admin/teams/new/"]


def audit_count() -> int:
    return AuditEvent.objects.count()


def snapshot(user: User) -> tuple[object, ...]:
    user.refresh_from_db()
    return (user.role, user.team_id, user.is_active, user.password, user.must_change_password)


# Who may see what


def test_the_user_list_shows_only_the_admins_own_agency(admin_client: Client, world: World) -> None:
    html = admin_client.get("/staff/admin/users/").content.decode()
    assert "alice" in html
    assert "adam" in html
    assert "olga" not in html
    assert "wanda" not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_agencys_user_is_not_found_and_nothing_changes(admin_client: Client, world: World, method: str) -> None:
    confirmed_device(world.olga)
    before = snapshot(world.olga)
    events = audit_count()
    for url in [*user_pages(world.olga.pk), f"/staff/admin/users/{world.olga.pk}/unlock/"]:
        response = getattr(admin_client, method)(
            url, {"role": Role.ADMIN, "team": world.north.pk, "password_choice": "generate"}
        )
        # 405 for a page that only shows; either way the outsider learns nothing.
        assert response.status_code in (404, 405), url
    assert snapshot(world.olga) == before
    assert AuthenticatorApp.objects.filter(user=world.olga).exists()
    assert audit_count() == events


@pytest.mark.parametrize("url", [*ADMIN_PAGES, "USER_PAGES"])
def test_a_professional_who_is_not_an_admin_gets_not_found(client: Client, world: World, url: str) -> None:
    sign_in_verified(client, world.alice)
    urls = user_pages(world.adam.pk) if url == "USER_PAGES" else [url]
    for address in urls:
        assert client.get(address).status_code == 404
        assert client.post(address, {"name": "Team X", "role": Role.ADMIN}).status_code in (404, 405)
    assert not Team.objects.filter(name="Team X").exists()
    world.alice.refresh_from_db()
    assert world.alice.role == Role.OFFICER


def test_a_deactivated_admin_cannot_use_admin_pages(admin_client: Client, world: World) -> None:
    User.objects.filter(pk=world.adam.pk).update(is_active=False)
    assert admin_client.get("/staff/admin/users/").status_code == 302


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_every_admin_page_opens_for_an_admin(admin_client: Client, url: str) -> None:
    assert admin_client.get(url).status_code == 200


def test_every_page_about_one_of_their_users_opens_for_an_admin(admin_client: Client, world: World) -> None:
    confirmed_device(world.alice)
    for url in user_pages(world.alice.pk):
        assert admin_client.get(url).status_code == 200, url


# Creating users


def test_creating_a_user_with_a_generated_password(admin_client: Client, world: World) -> None:
    response = admin_client.post(
        "/staff/admin/users/new/",
        {
            "username": "new.officer",
            "first_name": "Nia",
            "last_name": "Newton",
            "email": "",
            "role": Role.OFFICER,
            "team": world.north.pk,
            "password_choice": "generate",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    password = re.search(r'id="temporary-password">([^<]+)<', html)
    assert password is not None
    user = User.objects.get(username="new.officer")
    assert user.agency == world.agency
    assert user.team == world.north
    assert user.role == Role.OFFICER
    assert user.must_change_password
    assert user.check_password(password.group(1))
    event = AuditEvent.objects.get(verb=Verb.USER_CREATED)
    assert event.actor == world.adam
    assert event.target_id == str(user.pk)
    assert password.group(1) not in str(event.detail)


def test_a_new_user_chooses_a_password_and_sets_up_a_second_factor_at_first_sign_in(
    admin_client: Client, world: World
) -> None:
    admin_client.post(
        "/staff/admin/users/new/",
        {
            "username": "nia",
            "first_name": "Nia",
            "last_name": "Newton",
            "role": Role.IDVA,
            "team": world.north.pk,
            "password_choice": "type",
            "password": "a-temporary-password-42",
        },
    )
    nia = Client()
    sign_in_password(nia, "nia", "a-temporary-password-42")
    assert nia.get("/staff/")["Location"].startswith("/staff/second-factor/set-up/")
    nia.get("/staff/second-factor/set-up/app/")
    device = AuthenticatorApp.objects.get(user__username="nia")
    nia.post("/staff/second-factor/set-up/app/", {"code": code_for(device)})
    assert nia.get("/staff/")["Location"] == "/staff/password/"
    response = nia.post(
        "/staff/password/",
        {
            "old_password": "a-temporary-password-42",
            "new_password1": "nias-own-secret-phrase",
            "new_password2": "nias-own-secret-phrase",
        },
    )
    assert response.status_code == 302
    assert nia.get("/staff/").status_code == 200
    user = User.objects.get(username="nia")
    assert not user.must_change_password
    assert user.check_password("nias-own-secret-phrase")
    assert AuditEvent.objects.filter(verb=Verb.PASSWORD_CHANGED, actor=user).exists()


BAD_USERS = [
    {},
    {"username": "alice", "first_name": "A", "last_name": "B", "role": Role.OFFICER, "password_choice": "generate"},
    {"username": "bad name!", "first_name": "A", "last_name": "B", "role": Role.OFFICER, "password_choice": "generate"},
    {"username": "x1", "first_name": "A", "last_name": "B", "role": "god", "password_choice": "generate"},
    {
        "username": "x2",
        "first_name": "A",
        "last_name": "B",
        "role": Role.OFFICER,
        "password_choice": "type",
        "password": "short",
    },
    {
        "username": "x3",
        "first_name": "A",
        "last_name": "B",
        "role": Role.OFFICER,
        "password_choice": "type",
        "password": "",
    },
    {
        "username": "x4",
        "first_name": "A",
        "last_name": "B",
        "email": "not-an-email",
        "role": Role.OFFICER,
        "password_choice": "generate",
    },
    {
        "username": "x5",
        "first_name": "A",
        "last_name": "B",
        "role": Role.OFFICER,
        "password_choice": "generate",
        "team": "OTHER",
    },
]


@pytest.mark.parametrize("data", BAD_USERS)
def test_bad_input_when_creating_a_user_saves_nothing(admin_client: Client, world: World, data: dict[str, str]) -> None:
    data = dict(data)
    data.setdefault("team", str(world.north.pk))
    if data["team"] == "OTHER":
        data["team"] = str(world.elsewhere.pk)
    users, events = User.objects.count(), audit_count()
    response = admin_client.post("/staff/admin/users/new/", data)
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert User.objects.count() == users
    assert audit_count() == events


# Changing users


def test_changing_role_and_team_is_audited_with_what_changed(admin_client: Client, world: World) -> None:
    response = admin_client.post(
        f"/staff/admin/users/{world.alice.pk}/change/", {"role": Role.SUPERVISOR, "team": world.south.pk}
    )
    assert response.status_code == 302
    world.alice.refresh_from_db()
    assert world.alice.role == Role.SUPERVISOR
    assert world.alice.team == world.south
    event = AuditEvent.objects.get(verb=Verb.USER_UPDATED)
    assert event.detail == {"changed": {"role": ["officer", "supervisor"], "team_id": [world.north.pk, world.south.pk]}}


@pytest.mark.parametrize(
    "data", [{}, {"role": "god", "team": "NORTH"}, {"role": Role.OFFICER, "team": "OTHER"}, {"role": Role.OFFICER}]
)
def test_bad_input_when_changing_a_user_saves_nothing(admin_client: Client, world: World, data: dict[str, str]) -> None:
    data = {
        key: {"NORTH": str(world.north.pk), "OTHER": str(world.elsewhere.pk)}.get(value, value)
        for key, value in data.items()
    }
    before, events = snapshot(world.alice), audit_count()
    response = admin_client.post(f"/staff/admin/users/{world.alice.pk}/change/", data)
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert snapshot(world.alice) == before
    assert audit_count() == events


def test_an_admin_cannot_change_their_own_role(admin_client: Client, world: World) -> None:
    events = audit_count()
    response = admin_client.post(
        f"/staff/admin/users/{world.adam.pk}/change/", {"role": Role.OFFICER, "team": world.admin_team.pk}
    )
    assert "You cannot change your own role" in response.content.decode()
    world.adam.refresh_from_db()
    assert world.adam.role == Role.ADMIN
    assert audit_count() == events


def test_deactivating_ends_the_users_session_and_reactivating_lets_them_back(
    admin_client: Client, world: World
) -> None:
    alice = Client()
    sign_in_verified(alice, world.alice)
    assert admin_client.post(f"/staff/admin/users/{world.alice.pk}/deactivate/").status_code == 302
    assert alice.get("/staff/").status_code == 302
    assert sign_in_password(Client(), "alice").status_code == 200  # type: ignore[attr-defined]
    assert admin_client.post(f"/staff/admin/users/{world.alice.pk}/reactivate/").status_code == 302
    assert sign_in_password(Client(), "alice").status_code == 302  # type: ignore[attr-defined]
    verbs = list(AuditEvent.objects.filter(actor=world.adam).values_list("verb", flat=True))
    assert Verb.USER_DEACTIVATED in verbs
    assert Verb.USER_REACTIVATED in verbs


def test_an_admin_cannot_deactivate_themselves(admin_client: Client, world: World) -> None:
    events = audit_count()
    response = admin_client.post(f"/staff/admin/users/{world.adam.pk}/deactivate/")
    assert 'class="govuk-error-summary"' in response.content.decode()
    world.adam.refresh_from_db()
    assert world.adam.is_active
    assert audit_count() == events


# Resetting passwords and second factors: see test_account_resets.py (an admin cannot do it alone).


# Teams


def test_creating_a_team_in_the_admins_agency(admin_client: Client, world: World) -> None:
    response = admin_client.post("/staff/admin/teams/new/", {"name": "Team East"})
    assert response.status_code == 302
    team = Team.objects.get(name="Team East")
    assert team.agency == world.agency
    assert AuditEvent.objects.get(verb=Verb.TEAM_CREATED).target_id == str(team.pk)
    assert "Team East" in admin_client.get("/staff/admin/teams/").content.decode()


def test_the_team_list_shows_only_the_admins_own_agency(admin_client: Client) -> None:
    html = admin_client.get("/staff/admin/teams/").content.decode()
    assert "Team North" in html
    assert "Westshire IDVAs" not in html


@pytest.mark.parametrize("name", ["", "   ", "team north"])
def test_bad_input_when_creating_a_team_saves_nothing(admin_client: Client, name: str) -> None:
    teams, events = Team.objects.count(), audit_count()
    response = admin_client.post("/staff/admin/teams/new/", {"name": name})
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert Team.objects.count() == teams
    assert audit_count() == events


def test_the_same_team_name_may_exist_in_another_agency(client: Client, world: World) -> None:
    sign_in_verified(client, world.wanda)
    assert client.post("/staff/admin/teams/new/", {"name": "Team North"}).status_code == 302
    assert Team.objects.filter(name="Team North").count() == 2


def test_the_passwords_used_here_are_never_in_the_audit_trail(admin_client: Client, world: World) -> None:
    admin_client.post(
        f"/staff/admin/users/{world.alice.pk}/password/",
        {"password_choice": "type", "password": "typed-by-the-admin-77"},
    )
    assert "typed-by-the-admin-77" not in str(list(AuditEvent.objects.values_list("detail", flat=True)))
    assert PASSWORD not in str(list(AuditEvent.objects.values_list("detail", flat=True)))
