"""Share codes: made by the survivor, used once by a professional, revocable, expiring, rate-limited."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.survivor import limits
from safeplan.survivor.models import VaultShare
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.survivor import planned_space

UNUSABLE = "This code cannot be used"


def make_code(client: Client, include_people: bool = False) -> str:
    data = {"action": "create", **({"include_people": "yes"} if include_people else {})}
    response = client.post("/s/c/", data, follow=True)
    assert response.redirect_chain == [("/s/c/", 303)]
    return str(response.context["created"])


def import_url(world: World) -> str:
    return f"/cases/{world.case.pk}/import-survivor-plan/"


def test_a_space_without_a_plan_cannot_share(space: tuple[Client, str]) -> None:
    client, _ = space
    response = client.post("/s/c/", {"action": "create"})
    assert response.context["created"] is None
    assert not VaultShare.objects.exists()


def test_the_snapshot_is_unreadable_without_the_code(space: tuple[Client, str]) -> None:
    client, _ = space
    planned_space(client)
    make_code(client, include_people=True)
    share = VaultShare.objects.get()
    assert b"Pineapple" not in bytes(share.snapshot)
    assert b"bag_money" not in bytes(share.snapshot)


def test_an_idva_imports_a_copy_once_and_the_survivor_sees_it_was_used(space: tuple[Client, str], world: World) -> None:
    client, _ = space
    planned_space(client)
    code = make_code(client)
    assert len(code.replace("-", "")) == 10
    staff = Client()
    sign_in_verified(staff, world.alice)
    assert staff.get(import_url(world)).status_code == 200
    response = staff.post(import_url(world), {"code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb=Verb.SURVIVOR_SHARE_ACCEPTED)
    assert event.case_id == world.case.pk
    assert AuditEvent.objects.filter(verb=Verb.PLAN_VERSION_IMPORTED, case_id=world.case.pk).exists()
    share = VaultShare.objects.get()
    assert share.used_at is not None
    assert bytes(share.snapshot) == b""
    assert "Used" in client.get("/s/c/").content.decode()
    again = staff.post(import_url(world), {"code": code})
    assert UNUSABLE in again.content.decode()
    assert AuditEvent.objects.filter(verb=Verb.SURVIVOR_SHARE_REFUSED, case_id=world.case.pk).exists()


def test_a_revoked_code_fails_with_the_same_message(space: tuple[Client, str], world: World) -> None:
    client, _ = space
    planned_space(client)
    code = make_code(client)
    share = VaultShare.objects.get()
    client.post("/s/c/", {"action": "revoke", "share": share.pk})
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert bytes(share.snapshot) == b""
    assert "Cancelled" in client.get("/s/c/").content.decode()
    staff = Client()
    sign_in_verified(staff, world.alice)
    assert UNUSABLE in staff.post(import_url(world), {"code": code}).content.decode()


def test_an_expired_code_fails(space: tuple[Client, str], world: World) -> None:
    client, _ = space
    planned_space(client)
    code = make_code(client)
    VaultShare.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "Expired" in client.get("/s/c/").content.decode()
    staff = Client()
    sign_in_verified(staff, world.alice)
    assert UNUSABLE in staff.post(import_url(world), {"code": code}).content.decode()


def test_a_space_cannot_revoke_another_space_s_code(space: tuple[Client, str]) -> None:
    client, _ = space
    planned_space(client)
    make_code(client)
    share = VaultShare.objects.get()
    other = Client()
    other.post("/s/n/")
    other.post("/s/c/", {"action": "revoke", "share": share.pk})
    share.refresh_from_db()
    assert share.revoked_at is None


def test_code_attempts_are_rate_limited(space: tuple[Client, str], world: World) -> None:
    client, _ = space
    planned_space(client)
    code = make_code(client)
    staff = Client()
    sign_in_verified(staff, world.alice)
    for _ in range(limits.SHARE_PER_USER):
        staff.post(import_url(world), {"code": "AAAAA-BBBBB"})
    limited = staff.post(import_url(world), {"code": code})
    assert UNUSABLE in limited.content.decode()
    assert VaultShare.objects.get().used_at is None
    assert AuditEvent.objects.filter(verb=Verb.SURVIVOR_SHARE_REFUSED, detail__reason="rate_limited").exists()


def test_outsiders_get_404_on_the_import_page(world: World) -> None:
    for user in world.outside():
        staff = Client()
        sign_in_verified(staff, user)
        assert staff.get(import_url(world)).status_code == 404
        assert staff.post(import_url(world), {"code": "AAAAA-BBBBB"}).status_code == 404


def test_the_import_page_needs_a_signed_in_professional(world: World) -> None:
    response = Client().get(import_url(world))
    assert response.status_code == 302
    assert "/staff/" in response["Location"]


def test_the_case_page_links_to_the_import_page_for_editors(world: World) -> None:
    staff = Client()
    sign_in_verified(staff, world.alice)
    assert import_url(world) in staff.get(f"/cases/{world.case.pk}/").content.decode()
