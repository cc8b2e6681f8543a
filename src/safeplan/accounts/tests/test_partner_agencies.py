"""Partner agencies: their people represent them at MARAC and hold no cases; each names a point of contact."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from safeplan.accounts import services
from safeplan.accounts.models import Agency, Role, Team, User, roles_for
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World, make_user
from safeplan.testing.signin import sign_in_verified

pytestmark = pytest.mark.django_db


def test_a_partner_agency_has_only_admins_and_marac_representatives() -> None:
    assert roles_for(Agency.Kind.HOUSING) == [Role.ADMIN, Role.MARAC_REPRESENTATIVE]
    assert roles_for(Agency.Kind.POLICE) == list(Role)
    assert Agency(kind=Agency.Kind.EDUCATION).is_partner
    assert not Agency(kind=Agency.Kind.IDVA_SERVICE).is_partner


@pytest.fixture
def housing_admin(world: World) -> User:
    team = Team.objects.create(agency=world.housing, name="Administration")
    return make_user("harriet", Role.ADMIN, team)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.IDVA, Role.SUPERVISOR, Role.MARAC_COORDINATOR])
def test_a_partner_admin_cannot_make_a_caseworker(world: World, housing_admin: User, role: str) -> None:
    before = User.objects.count()
    with pytest.raises(ValidationError):
        services.user_create(
            actor=housing_admin,
            username="new.worker",
            first_name="New",
            last_name="Worker",
            email="",
            role=role,
            team=None,
            password="a-long-test-password-2",
        )
    with pytest.raises(ValidationError):
        services.user_update(actor=housing_admin, user=world.hana, role=role, team=None)
    assert User.objects.count() == before
    world.hana.refresh_from_db()
    assert world.hana.role == Role.MARAC_REPRESENTATIVE


def test_the_role_list_offers_a_partner_admin_only_partner_roles(world: World, housing_admin: User) -> None:
    client = Client()
    sign_in_verified(client, housing_admin)
    html = client.get("/staff/admin/users/new/").content.decode()
    assert 'value="marac_rep"' in html
    assert 'value="officer"' not in html
    response = client.post(
        "/staff/admin/users/new/",
        {
            "username": "new.officer",
            "first_name": "New",
            "last_name": "Officer",
            "role": "officer",
            "password_choice": "generate",
        },
    )
    assert "govuk-error-summary" in response.content.decode()
    assert not User.objects.filter(username="new.officer").exists()


def test_a_police_admin_can_make_a_marac_representative(world: World) -> None:
    made = services.user_create(
        actor=world.adam,
        username="police.rep",
        first_name="Police",
        last_name="Rep",
        email="",
        role=Role.MARAC_REPRESENTATIVE,
        team=world.north,
        password="a-long-test-password-2",
    )
    assert made.role == Role.MARAC_REPRESENTATIVE


def test_an_admin_names_the_point_of_contact_and_it_is_audited(world: World, housing_admin: User) -> None:
    client = Client()
    sign_in_verified(client, housing_admin)
    assert "Nobody named yet" in client.get("/staff/admin/agency/").content.decode()
    response = client.post("/staff/admin/agency/", {"contact": world.hana.pk})
    assert response.status_code == 302
    world.housing.refresh_from_db()
    assert world.housing.point_of_contact == world.hana
    event = AuditEvent.objects.get(verb=Verb.AGENCY_CONTACT_SET)
    assert (event.actor, event.target_id, event.detail) == (
        housing_admin,
        str(world.housing.pk),
        {"changed": [None, world.hana.pk]},
    )


def test_the_point_of_contact_must_be_an_active_user_of_the_agency(world: World, housing_admin: User) -> None:
    client = Client()
    sign_in_verified(client, housing_admin)
    html = client.post("/staff/admin/agency/", {"contact": world.pat.pk}).content.decode()
    assert "govuk-error-summary" in html
    world.hana.is_active = False
    world.hana.save()
    assert "govuk-error-summary" in client.post("/staff/admin/agency/", {"contact": world.hana.pk}).content.decode()
    with pytest.raises(ValidationError):
        services.agency_contact_set(actor=housing_admin, contact=world.pat)
    world.housing.refresh_from_db()
    assert world.housing.point_of_contact is None
    assert not AuditEvent.objects.filter(verb=Verb.AGENCY_CONTACT_SET).exists()


@pytest.mark.parametrize("who", ["alice", "pat", "mark", "olga"])
def test_the_agency_page_is_404_to_anyone_but_an_admin(world: World, who: str) -> None:
    client = Client()
    sign_in_verified(client, getattr(world, who))
    assert client.get("/staff/admin/agency/").status_code == 404
    assert client.post("/staff/admin/agency/", {"contact": world.pat.pk}).status_code == 404
    world.health.refresh_from_db()
    assert world.health.point_of_contact == world.pat


@pytest.mark.parametrize("who", ["pat", "hana", "una"])
def test_a_partner_representative_opens_no_case_page(world: World, who: str) -> None:
    client = Client()
    sign_in_verified(client, getattr(world, who))
    for path in ("/cases/", "/cases/team/", f"/cases/{world.case.pk}/", f"/cases/search/?q={world.victim.full_name}"):
        response = client.get(path)
        assert response.status_code == 404 or world.victim.full_name not in response.content.decode(), path
