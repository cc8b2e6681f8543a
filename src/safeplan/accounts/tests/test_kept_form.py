"""A form sent just after an idle timeout is kept, sealed, and offered to the same person after signing in."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from safeplan.accounts import keptform, signin
from safeplan.cases.models import SafeContact
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified

TYPED = "Call only after 10, never mention the court (typed before the timeout)"


def _idle(client: Client) -> None:
    session = client.session
    session[signin.LAST_SEEN_AT] = signin.now() - settings.SESSION_IDLE_SECONDS - 1
    session.save()


def _arrangement(world: World) -> dict[str, str]:
    contact = SafeContact.objects.get(case=world.case)
    return {
        "version": str(contact.version),
        "allowed_channels": "phone_call",
        "phone_number": "07700 900001",
        "notes": TYPED,
    }


def test_a_form_sent_after_the_timeout_is_kept_and_saved_after_signing_in_again(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    url = f"/cases/{world.case.pk}/safe-contact/"
    _idle(client)
    response = client.post(url, _arrangement(world))
    assert response.status_code == 302
    assert "kept=1" in response["Location"]
    assert "signed_out=idle" in response["Location"]
    assert SafeContact.objects.get(case=world.case).notes == ""  # nothing saved while signed out
    assert TYPED not in str(dict(client.session))  # sealed, not in plain text in the session store
    login_page = client.get(response["Location"]).content.decode()
    assert "is kept for 30 minutes" in login_page

    sign_in_verified(client, world.alice)
    offer = client.get(url).content.decode()
    assert "Send what you were saving" in offer
    assert f'value="{TYPED}"' in offer
    assert f'action="{url}"' in offer
    # Sent again from the offer, it is saved as if it had never been interrupted.
    saved = client.post(url, _arrangement(world))
    assert saved.status_code == 302
    assert SafeContact.objects.get(case=world.case).notes == TYPED
    # Offered once only.
    assert "Send what you were saving" not in client.get(url).content.decode()


def test_someone_else_signing_in_on_that_browser_never_sees_it(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    url = f"/cases/{world.case.pk}/safe-contact/"
    _idle(client)
    client.post(url, _arrangement(world))
    sign_in_verified(client, world.sue)
    page = client.get(url).content.decode()
    assert TYPED not in page
    assert "Send what you were saving" not in page
    assert keptform.SESSION_KEY not in client.session  # dropped, not left for the next person


def test_a_post_another_site_made_is_not_kept(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    sign_in_verified(client, world.alice)
    _idle(client)
    client.post(f"/cases/{world.case.pk}/safe-contact/", _arrangement(world))  # no CSRF token
    assert keptform.SESSION_KEY not in client.session


def test_a_kept_form_is_dropped_once_it_is_older_than_the_limit(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    url = f"/cases/{world.case.pk}/safe-contact/"
    _idle(client)
    client.post(url, _arrangement(world))
    monkeypatch.setattr(keptform, "KEEP_SECONDS", -1)  # whatever its age, it is now too old
    sign_in_verified(client, world.alice)
    page = client.get(url)
    assert page.status_code == 200
    assert "Safe ways to make contact" in page.content.decode()  # the page itself, afresh
    assert "Send what you were saving" not in page.content.decode()
    assert keptform.SESSION_KEY not in client.session
