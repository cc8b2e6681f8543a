"""Exit this page on staff pages: the browser goes to the neutral site and the session ends with it."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified


def test_every_staff_page_exits_through_the_server(client: Client, world: World) -> None:
    sign_in_verified(client, world.alice)
    for path in ["/staff/", f"/cases/{world.case.pk}/", "/staff/login/"]:
        page = client.get(path, follow=True).content.decode()
        assert 'href="/staff/exit/"' in page, path


def test_exit_ends_the_session_so_a_fresh_request_does_not_open_the_case(client: Client, world: World) -> None:
    sign_in_verified(client, world.alice)
    case_page = f"/cases/{world.case.pk}/"
    assert client.get(case_page).status_code == 200
    response = client.get("/staff/exit/")
    assert response.status_code == 303
    assert response["Location"] == settings.EXIT_URL
    assert "_auth_user_id" not in client.session
    again = client.get(case_page)
    assert again.status_code == 302
    assert again["Location"].startswith("/staff/login/")
    assert world.victim.full_name not in client.get(case_page, follow=True).content.decode()
    assert AuditEvent.objects.filter(verb=Verb.LOGOUT, actor=world.alice).get().detail == {"reason": "exit"}


def test_exit_works_without_a_token_and_without_a_session(world: World) -> None:
    strict = Client(enforce_csrf_checks=True)
    sign_in_verified(strict, world.alice)
    response = strict.post("/staff/exit/")
    assert response.status_code == 303
    assert response["Location"] == settings.EXIT_URL
    assert "_auth_user_id" not in strict.session
    nobody = Client().get("/staff/exit/")
    assert nobody.status_code == 303
    assert nobody["Location"] == settings.EXIT_URL


def test_exit_from_an_expired_session_still_reaches_the_neutral_site(client: Client, world: World) -> None:
    sign_in_verified(client, world.alice)
    session = client.session
    session["sp_last_seen_at"] = 0.0
    session.save()
    response = client.get("/staff/exit/")
    assert response["Location"] == settings.EXIT_URL
    assert "_auth_user_id" not in client.session
