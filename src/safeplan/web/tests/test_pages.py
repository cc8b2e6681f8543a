"""The front page, sign in and the staff home."""

from __future__ import annotations

import pytest
from django.test import Client

from safeplan.content.helplines import helplines

pytestmark = pytest.mark.django_db


def test_the_front_page_shows_the_emergency_number_and_helplines(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="tel:999"' in html
    for line in helplines().helplines:
        assert line.number in html


def test_the_front_page_title_is_neutral(client: Client, settings: object) -> None:
    html = Client().get("/").content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert title == "Planner"
    for word in ("abuse", "violence", "safety", "refuge"):
        assert word not in title.lower()


def test_every_page_has_the_exit_button_and_skip_link(client: Client) -> None:
    for path in ["/staff/login/"]:
        html = client.get(path).content.decode()
        assert 'data-module="govuk-exit-this-page"' in html
        # Through the server, which ends a professional's session on the way to the neutral site.
        assert 'href="/staff/exit/"' in html
        assert 'class="govuk-skip-link"' in html
    # The front page, where a survivor arrives, has the survivor space's exit (which ends any session too).
    html = client.get("/").content.decode()
    assert "govuk-exit-this-page__button" in html
    assert 'href="/s/x/"' in html
    assert 'class="govuk-skip-link"' in html


def test_the_service_name_comes_from_the_deployment(client: Client, settings: object) -> None:
    settings.SERVICE_NAME = "Northshire Support"  # type: ignore[attr-defined]
    assert "<title>Northshire Support</title>" in client.get("/").content.decode()


def test_staff_home_asks_an_anonymous_visitor_to_sign_in(client: Client) -> None:
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login/")


def test_signing_in_with_a_wrong_password_shows_an_error_summary(client: Client, django_user_model: type) -> None:
    django_user_model.objects.create_user(username="alice", password="a-long-test-password", role="officer")
    response = client.post("/staff/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "There is a problem" in html


def test_an_unknown_page_answers_a_plain_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_there_is_no_email_password_reset(client: Client) -> None:
    for path in ["/staff/password_reset/", "/staff/password-reset/", "/accounts/password_reset/"]:
        assert client.get(path).status_code == 404


def test_page_titles_are_plain_text(client: Client, django_user_model: type) -> None:
    from safeplan.testing.signin import sign_in_verified

    user = django_user_model.objects.create_user(username="alice", password="a-long-test-password", role="officer")
    sign_in_verified(client, user)
    for path in ["/", "/staff/", "/staff/login/"]:
        html = client.get(path, follow=True).content.decode()
        title = html.split("<title>")[1].split("</title>")[0]
        assert "<" not in title, f"{path} has markup in its title: {title[:80]}"
        assert len(title) < 120


def test_error_summary_links_reach_radios_and_checkboxes() -> None:
    from django import forms
    from django.template.loader import render_to_string

    class Choice(forms.Form):
        colour = forms.ChoiceField(choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect)
        extras = forms.MultipleChoiceField(choices=[("x", "X")], widget=forms.CheckboxSelectMultiple)

        def clean_extras(self) -> list[str]:
            raise forms.ValidationError("Choose an extra.")

    form = Choice({"extras": ["x"]})
    assert not form.is_valid()
    summary = render_to_string("web/includes/error_summary.html", {"form": form})
    assert 'href="#id_colour_0"' in summary
    assert 'href="#id_extras_0"' in summary
    fields = render_to_string(
        "web/fields/field.html",
        {"field": form["colour"], "kind": "radios", "base_id": "id_colour", "described": "id_colour-error"},
    )
    assert 'id="id_colour-error"' in fields
    assert 'id="id_colour_0"' in fields


def test_the_error_page_keeps_a_way_out_and_a_neutral_title(rf: object) -> None:
    from safeplan.web.views import server_error

    staff = server_error(rf.get("/cases/")).content.decode()  # type: ignore[attr-defined]
    assert 'href="/staff/exit/"' in staff
    assert "<title>Planner</title>" in staff
    # In the survivor space the way out also locks the open space.
    survivor = server_error(rf.get("/s/h/")).content.decode()  # type: ignore[attr-defined]
    assert 'href="/s/x/"' in survivor
    assert "- Notes</title>" in survivor or "<title>Notes</title>" in survivor


def test_a_field_with_two_errors_has_one_error_id() -> None:
    from django import forms
    from django.template.loader import render_to_string

    class Two(forms.Form):
        name = forms.CharField()

        def clean_name(self) -> str:
            raise forms.ValidationError(["Too short.", "Has a digit."])

    form = Two({"name": "x1"})
    assert not form.is_valid()
    html = render_to_string("web/fields/field.html", {"field": form["name"], "kind": "input", "base_id": "id_name"})
    assert html.count('id="id_name-error"') == 1
    assert "Too short. Has a digit." in html
