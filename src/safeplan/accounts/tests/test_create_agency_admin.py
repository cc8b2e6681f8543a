"""The first admin of an agency is created from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from safeplan.accounts.models import Agency, Role, User

pytestmark = pytest.mark.django_db


def create(monkeypatch: pytest.MonkeyPatch, password: str, **options: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("create_agency_admin", password_stdin=True, stdout=out, **options)
    return out.getvalue()


def test_it_creates_the_agency_and_its_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    out = create(
        monkeypatch, "a-long-and-unusual-passphrase", agency="Northshire Police", username="n.admin", nation="scotland"
    )
    user = User.objects.get(username="n.admin")
    assert user.role == Role.ADMIN
    assert user.agency is not None
    assert user.agency.nation == "scotland"
    assert user.check_password("a-long-and-unusual-passphrase")
    assert "second factor" in out


@pytest.mark.parametrize(
    ("password", "options", "message"),
    [
        ("short", {"agency": "Northshire Police", "username": "n.admin"}, "too short"),
        ("a-long-and-unusual-passphrase", {"agency": "  ", "username": "n.admin"}, "agency's name"),
        ("a-long-and-unusual-passphrase", {"agency": "Northshire Police", "username": " "}, "username"),
    ],
)
def test_bad_input_creates_nothing(
    monkeypatch: pytest.MonkeyPatch, password: str, options: dict[str, str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        create(monkeypatch, password, **options)
    assert not Agency.objects.exists()
    assert not User.objects.exists()


def test_a_second_first_admin_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    create(monkeypatch, "a-long-and-unusual-passphrase", agency="Northshire Police", username="first")
    with pytest.raises(CommandError, match="already has an admin"):
        create(monkeypatch, "a-long-and-unusual-passphrase", agency="Northshire Police", username="second")
    assert list(User.objects.values_list("username", flat=True)) == ["first"]
