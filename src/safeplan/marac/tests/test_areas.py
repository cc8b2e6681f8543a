"""MARAC areas: a host agency admin sets one up with its rules and sharing protocol; coordinators read it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from safeplan.accounts.models import Role, Team
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.marac.models import MaracArea, ProtocolSignature, SharingProtocol
from safeplan.marac.selectors.areas import protocol_in_force, signatory_ids, signed_areas
from safeplan.marac.services.areas import AreaSettings, area_create, protocol_add
from safeplan.personas import World, make_user
from safeplan.testing.marac import marac_world
from safeplan.testing.signin import sign_in_verified

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Southshire MARAC",
    "cadence": "monthly",
    "nation": "england-and-wales",
    "visible_high_risk_from": "14",
    "escalation_incidents": "3",
    "automatic_from": "17",
    "consent_needed_below_automatic": "on",
    "agenda_cutoff_working_days": "5",
    "minutes_working_days": "3",
    "access_days_after": "14",
}


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def test_an_admin_sets_up_a_marac_with_its_rules_and_it_is_audited(world: World) -> None:
    adam = signed_in(world.adam)
    form = adam.get("/marac/areas/new/").content.decode()
    assert 'name="visible_high_risk_from" value="14"' in form
    assert 'name="minutes_working_days" value="3"' in form
    response = adam.post("/marac/areas/new/", GOOD)
    area = MaracArea.objects.get(name="Southshire MARAC")
    assert response.url == f"/marac/areas/{area.pk}/"  # type: ignore[attr-defined]
    assert (area.host_agency, area.cadence, area.automatic_from, area.consent_needed_below_automatic) == (
        world.agency,
        "monthly",
        17,
        True,
    )
    event = AuditEvent.objects.get(verb=Verb.MARAC_AREA_CREATED)
    assert (event.actor, event.target_id) == (world.adam, str(area.pk))
    assert event.detail["settings"]["access_days_after"] == 14
    page = adam.get(f"/marac/areas/{area.pk}/").content.decode()
    assert "From 17 yes answers; below that, only with the victim" in page
    assert "No protocol is in force" in page


def test_changing_the_settings_audits_only_what_changed(world: World) -> None:
    area = marac_world(world).area
    adam = signed_in(world.adam)
    data = {**GOOD, "cadence": "fortnightly", "automatic_from": "", "consent_needed_below_automatic": ""}
    data["minutes_working_days"] = "5"
    assert adam.post(f"/marac/areas/{area.pk}/settings/", data).status_code == 302
    area.refresh_from_db()
    assert area.minutes_working_days == 5
    event = AuditEvent.objects.get(verb=Verb.MARAC_AREA_UPDATED)
    assert event.detail == {"changed": {"minutes_working_days": [3, 5]}}
    adam.post(f"/marac/areas/{area.pk}/settings/", data)
    assert AuditEvent.objects.filter(verb=Verb.MARAC_AREA_UPDATED).count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"visible_high_risk_from": "25"}, "visible_high_risk_from"),
        ({"automatic_from": "12"}, "automatic_from"),
        ({"automatic_from": "", "consent_needed_below_automatic": "on"}, "consent_needed_below_automatic"),
        ({"minutes_working_days": "0"}, "minutes_working_days"),
        ({"access_days_after": "365"}, "access_days_after"),
        ({"cadence": "hourly"}, "cadence"),
    ],
)
def test_rules_out_of_range_are_refused_and_nothing_is_saved(world: World, change: dict[str, str], field: str) -> None:
    html = signed_in(world.adam).post("/marac/areas/new/", {**GOOD, **change}).content.decode()
    assert "govuk-error-summary" in html
    assert f'href="#id_{field}' in html
    assert not MaracArea.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.MARAC_AREA_CREATED).exists()


def test_the_service_checks_the_rules_too(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        area_create(
            actor=world.adam,
            name="Bad",
            settings=AreaSettings(cadence="weekly", visible_high_risk_from=15, automatic_from=14),
        )
    assert "automatic_from" in raised.value.message_dict


@pytest.mark.parametrize("who", ["alice", "sue", "mark", "pat", "olga"])
def test_only_an_admin_of_a_host_agency_can_set_up_a_marac(world: World, who: str) -> None:
    client = signed_in(getattr(world, who))
    assert client.get("/marac/areas/new/").status_code == 404
    assert client.post("/marac/areas/new/", GOOD).status_code == 404
    assert not MaracArea.objects.exists()


def test_a_partner_agency_admin_cannot_host_a_marac(world: World) -> None:
    admin = make_user("harriet", Role.ADMIN, Team.objects.create(agency=world.housing, name="Administration"))
    assert signed_in(admin).get("/marac/areas/new/").status_code == 404


def test_a_coordinator_reads_the_area_but_cannot_change_it(world: World) -> None:
    area = marac_world(world).area
    mark = signed_in(world.mark)
    page = mark.get(f"/marac/areas/{area.pk}/").content.decode()
    assert "Northshire Health" in page
    assert "Change the settings" not in page
    assert mark.get(f"/marac/areas/{area.pk}/settings/").status_code == 404
    assert mark.get("/marac/areas/").status_code == 200


@pytest.mark.parametrize("who", ["maria", "alice", "pat", "una", "olga"])
def test_everyone_else_gets_404_for_the_area(world: World, who: str) -> None:
    area = marac_world(world).area
    user = world.south_marac if who == "maria" else getattr(world, who)
    client = signed_in(user)
    assert client.get(f"/marac/areas/{area.pk}/").status_code == 404
    assert client.get("/marac/areas/").status_code == 404


def test_coordinators_must_be_coordinators_of_the_host_agency(world: World) -> None:
    area = marac_world(world).area
    adam = signed_in(world.adam)
    page = adam.get(f"/marac/areas/{area.pk}/coordinators/").content.decode()
    assert "maria" in page.lower()
    assert "alice" not in page.lower()
    html = adam.post(f"/marac/areas/{area.pk}/coordinators/", {"coordinators": [world.alice.pk]}).content.decode()
    assert "govuk-error-summary" in html
    assert list(area.coordinators.all()) == [world.mark]
    adam.post(f"/marac/areas/{area.pk}/coordinators/", {"coordinators": [world.mark.pk, world.south_marac.pk]})
    assert set(area.coordinators.all()) == {world.mark, world.south_marac}
    event = AuditEvent.objects.get(verb=Verb.MARAC_COORDINATORS_SET)
    assert event.detail == {"changed": [[world.mark.pk], sorted([world.mark.pk, world.south_marac.pk])]}


def test_the_protocol_in_force_decides_who_has_signed(world: World) -> None:
    mw = marac_world(world)
    assert signatory_ids(mw.area) == {world.agency.pk, world.health.pk, world.housing.pk}
    assert [a.name for a in signed_areas(world.health.pk)] == ["Northshire MARAC"]
    assert signed_areas(world.probation.pk) == []
    # A new version in force tomorrow: until then the old one holds; from then, nobody has signed it.
    tomorrow = timezone.localdate() + timedelta(days=1)
    newer = protocol_add(
        actor=world.adam,
        area=mw.area,
        version="2027.1",
        in_force_from=tomorrow,
        review_on=tomorrow + timedelta(days=365),
    )
    assert protocol_in_force(mw.area) == mw.protocol
    assert protocol_in_force(mw.area, tomorrow) == newer
    assert signatory_ids(mw.area, tomorrow) == set()


def test_recording_a_signature_is_audited_and_a_second_one_refused(world: World) -> None:
    mw = marac_world(world)
    adam = signed_in(world.adam)
    url = f"/marac/areas/{mw.area.pk}/protocols/{mw.protocol.pk}/signatures/new/"
    form = adam.get(url).content.decode()
    assert "Eastshire Probation" in form
    assert "Northshire Health" not in form  # already signed
    today = timezone.localdate()
    response = adam.post(url, {"agency": world.probation.pk, "signed_on": f"{today:%d/%m/%Y}", "signed_by": "CEO"})
    assert response.status_code == 302
    signature = ProtocolSignature.objects.get(agency=world.probation)
    event = AuditEvent.objects.get(verb=Verb.MARAC_PROTOCOL_SIGNED)
    assert event.detail == {"protocol": mw.protocol.pk, "agency": world.probation.pk, "signed_on": today.isoformat()}
    assert event.target_id == str(signature.pk)
    html = adam.post(url, {"agency": world.probation.pk, "signed_on": f"{today:%d/%m/%Y}", "signed_by": "CEO"})
    assert "govuk-error-summary" in html.content.decode()
    assert ProtocolSignature.objects.filter(agency=world.probation).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"version": "2027", "in_force_from": "01/04/2027", "review_on": "01/04/2026"},
        {"version": "2026.1", "in_force_from": "01/04/2027", "review_on": "01/04/2028"},
        {"version": "x", "in_force_from": "31/02/2027", "review_on": "01/04/2028"},
    ],
)
def test_a_bad_protocol_version_is_refused(world: World, data: dict[str, str]) -> None:
    mw = marac_world(world)
    html = signed_in(world.adam).post(f"/marac/areas/{mw.area.pk}/protocols/new/", data).content.decode()
    assert "govuk-error-summary" in html
    assert SharingProtocol.objects.count() == 1
    assert not AuditEvent.objects.filter(verb=Verb.MARAC_PROTOCOL_ADDED).exists()


def test_a_neighbourhood_is_added_once(world: World) -> None:
    mw = marac_world(world)
    adam = signed_in(world.adam)
    assert adam.post(f"/marac/areas/{mw.area.pk}/neighbourhoods/new/", {"name": "Riverside"}).status_code == 302
    html = adam.post(f"/marac/areas/{mw.area.pk}/neighbourhoods/new/", {"name": "riverside"}).content.decode()
    assert "already has a neighbourhood" in html
    assert mw.area.neighbourhoods.count() == 2
    assert AuditEvent.objects.filter(verb=Verb.MARAC_NEIGHBOURHOOD_ADDED).count() == 1
