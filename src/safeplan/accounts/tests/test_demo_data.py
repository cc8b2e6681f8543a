"""Demo data is synthetic, clearly marked, idempotent, and never loaded in production."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from safeplan.accounts.demo import DEMO_PASSWORD
from safeplan.accounts.models import Agency, Role, User

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    from django.apps import apps

    return tuple(model._base_manager.count() for model in apps.get_models() if model._meta.label != "sessions.Session")


def test_loading_twice_changes_nothing() -> None:
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_demo_data_covers_every_role_and_is_marked() -> None:
    call_command("load_demo", stdout=io.StringIO())
    assert {user.role for user in User.objects.all()} == set(Role.values)
    assert Agency.objects.filter(kind=Agency.Kind.POLICE).exists()
    assert Agency.objects.filter(kind=Agency.Kind.IDVA_SERVICE).exists()
    assert all(agency.is_demo and "synthetic" in agency.name for agency in Agency.objects.all())
    assert all(user.is_demo for user in User.objects.all())


def test_the_loader_prints_how_to_sign_in() -> None:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert DEMO_PASSWORD in out.getvalue()
    assert "demo.officer" in out.getvalue()
    assert "/staff/login/" in out.getvalue()
    assert "authenticator key" in out.getvalue()


def test_demo_data_is_refused_in_production(settings: object) -> None:
    settings.MODE = "production"  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()
    assert not Agency.objects.exists()
