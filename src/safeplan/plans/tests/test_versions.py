"""Versions of a plan: the plan page, one version, what changed between two, and the case panel."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from safeplan.appendonly import rewrite_history
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case
from safeplan.personas import World
from safeplan.plans.models import SafetyPlanItem
from safeplan.plans.plandata import Parts
from safeplan.plans.selectors import draft_version
from safeplan.testing.forms import submit
from safeplan.testing.plans import plan_url, saved_version
from safeplan.testing.signin import sign_in_verified


def test_a_case_without_a_plan_offers_to_build_one(world: World, alice_client: Client) -> None:
    html = alice_client.get(plan_url(world)).content.decode()
    assert "There is no safety plan for this case yet." in html
    assert f"/cases/{world.case.pk}/plan/build/" in html
    assert not AuditEvent.objects.filter(verb=Verb.PLAN_VIEWED).exists()


def test_versions_are_numbered_and_listed_newest_first(world: World, alice_client: Client) -> None:
    first = saved_version(world.case, world.alice)
    second = saved_version(world.case, world.alice, choices={"call_999": "already_doing"})
    assert (first.number, second.number) == (1, 2)
    html = alice_client.get(plan_url(world)).content.decode()
    assert html.index("Version 2") < html.index("Version 1")
    assert f"/plan/versions/{second.pk}/diff/{first.pk}/" in html
    event = AuditEvent.objects.get(verb=Verb.PLAN_VIEWED)
    assert event.detail == {"version": 2}


def test_a_version_page_shows_coping_first_then_the_plan(world: World, alice_client: Client) -> None:
    version = saved_version(world.case, world.alice, parts=Parts(contacts="Jo, my sister: 07700 900123"))
    html = alice_client.get(plan_url(world, f"versions/{version.pk}/")).content.decode()
    assert html.index("I keep my phone charged") < html.index('id="item-call_999"')
    assert "Jo, my sister: 07700 900123" in html
    assert "Emergency contacts and code words" in html
    assert AuditEvent.objects.filter(verb=Verb.PLAN_VIEWED, target_id=str(version.pk)).count() == 1


def test_an_old_version_keeps_the_wording_it_was_saved_with(world: World, alice_client: Client) -> None:
    version = saved_version(world.case, world.alice)
    # As if the knowledge base had been reworded since: the version shows what it saved.
    rewrite_history(
        SafetyPlanItem.objects.filter(version=version, measure_id="call_999"),
        survivor_text={"en": "The wording of an older knowledge base."},
    )
    html = alice_client.get(plan_url(world, f"versions/{version.pk}/")).content.decode()
    assert "The wording of an older knowledge base." in html


def test_a_version_of_another_case_is_404_even_for_its_own_team(world: World, alice_client: Client) -> None:
    other = Case.objects.create(
        reference="SP-TEST-0002",
        team=world.north,
        responsible_officer=world.alice,
        spoc=world.bob,
        created_by=world.alice,
    )
    theirs = saved_version(other, world.alice)
    mine = saved_version(world.case, world.alice)
    for tail in (
        f"versions/{theirs.pk}/",
        f"versions/{theirs.pk}/print/",
        f"versions/{theirs.pk}/pdf/",
        f"versions/{mine.pk}/diff/{theirs.pk}/",
        f"versions/{theirs.pk}/diff/{mine.pk}/",
    ):
        assert alice_client.get(plan_url(world, tail)).status_code == 404, tail


def test_outsiders_get_404_on_every_version_page(world: World) -> None:
    first = saved_version(world.case, world.alice)
    second = saved_version(world.case, world.alice)
    for user in world.outside():
        client = Client()
        sign_in_verified(client, user)
        for tail in (
            "",
            f"versions/{first.pk}/",
            f"versions/{first.pk}/diff/{second.pk}/",
            f"versions/{first.pk}/print/?discreet=1",
            f"versions/{first.pk}/pdf/",
        ):
            assert client.get(plan_url(world, tail)).status_code == 404, (user.username, tail)
    assert not AuditEvent.objects.filter(verb__in=[Verb.PLAN_VIEWED, Verb.PLAN_PRINTED]).exists()


def test_the_diff_shows_what_was_added_removed_and_changed(world: World, alice_client: Client) -> None:
    first = saved_version(
        world.case,
        world.alice,
        choices={"call_999": "will_do", "code_word": "will_do", "safer_room": "already_doing"},
        parts=Parts(contacts="Jo", safe_rooms="The bathroom"),
    )
    # The review: drop the safer room, add the escape route, change the code word's decision and owner.
    from safeplan.plans import services
    from safeplan.plans.plandata import ItemChoice

    due = timezone.localdate() + timedelta(days=14)
    services.draft_record_choices(
        actor=world.alice,
        case=world.case,
        version=draft_version(world.case),
        choices={
            "safer_room": None,
            "escape_route": ItemChoice(measure_id="escape_route", status="will_do", actor="idva", due_on=due),
            "code_word": ItemChoice(measure_id="code_word", status="not_now", actor="friends_family"),
        },
    )
    services.draft_record_parts(
        actor=world.alice,
        case=world.case,
        version=draft_version(world.case),
        parts=Parts(contacts="Jo and Sam", safe_rooms="The bathroom"),
    )
    second = services.version_save(
        actor=world.alice,
        case=world.case,
        version=draft_version(world.case),
        reason="trigger",
        next_review_on=timezone.localdate() + timedelta(days=20),
    )
    response = alice_client.get(plan_url(world, f"versions/{second.pk}/diff/{first.pk}/"))
    html = response.content.decode()
    added = html[html.index('id="added"') : html.index('id="removed"')]
    removed = html[html.index('id="removed"') : html.index('id="changed"')]
    changed = html[html.index('id="changed"') : html.index('id="parts"')]
    parts = html[html.index('id="parts"') :]
    assert "Plan how you would get out" in added
    assert "IDVA" in added
    assert "Move to a safer room if an attack seems close" in removed
    assert "Will do" in changed
    assert "Not now" in changed
    assert "Friends or family" in changed
    assert "Jo and Sam" in parts
    assert "The bathroom" not in parts
    # Either order of the two ids reads from the older version to the newer.
    again = alice_client.get(plan_url(world, f"versions/{first.pk}/diff/{second.pk}/")).content.decode()
    assert "What changed from version 1 to version 2" in again
    event = AuditEvent.objects.filter(verb=Verb.PLAN_VIEWED).last()
    assert event is not None
    assert event.detail == {"version": 2, "compared_with": 1}


def test_a_version_compared_with_itself_has_no_changes(world: World, alice_client: Client) -> None:
    version = saved_version(world.case, world.alice)
    html = alice_client.get(plan_url(world, f"versions/{version.pk}/diff/{version.pk}/")).content.decode()
    assert 'id="no-changes"' in html


def test_the_case_page_shows_the_current_version_and_next_review(world: World, alice_client: Client) -> None:
    html = alice_client.get(f"/cases/{world.case.pk}/").content.decode()
    assert "No safety plan yet." in html
    assert "Build a safety plan with the victim" in html
    version = saved_version(world.case, world.alice)
    html = alice_client.get(f"/cases/{world.case.pk}/").content.decode()
    assert "Version 1, saved" in html
    assert version.next_review_on is not None
    assert version.next_review_on.strftime("%-d %b %Y") in html
    assert "Review the plan with the victim" in html


def test_a_version_saved_under_an_older_knowledge_base_still_reads(world: World, alice_client: Client) -> None:
    version = saved_version(world.case, world.alice, parts=Parts(bag_wanted=True, bag_ticked=("spare_keys",)))
    # As if a measure, a bag item and a question had since been taken out of the content.
    retired = SafetyPlanItem.objects.filter(version=version, measure_id="code_word")
    rewrite_history(retired, measure_id="retired_measure")
    SafetyPlanVersion = type(version)
    rewrite_history(
        SafetyPlanVersion.objects.filter(pk=version.pk),
        parts={**version.parts, "bag_ticked": ["spare_keys", "retired_bag_item"]},
        circumstances={
            **version.circumstances,
            "answers": {**version.circumstances["answers"], "retired_question": "yes"},
        },
    )
    for tail in (
        "",
        f"versions/{version.pk}/",
        f"versions/{version.pk}/diff/{version.pk}/",
        f"versions/{version.pk}/print/",
    ):
        assert alice_client.get(plan_url(world, tail)).status_code == 200, tail
    # A review starts from what the knowledge base still has.
    html = alice_client.get(plan_url(world, "build/parts/")).content.decode()
    assert "retired" not in html
    response = submit(alice_client, plan_url(world, "build/coping/"), {"coping_strategies": "Still the same"})
    assert response.status_code == 302
    from safeplan.plans.models import SafetyPlanDraft
    from safeplan.plans.plandata import PlanData

    data = PlanData.from_stored(SafetyPlanDraft.objects.get().data)
    assert [item.measure_id for item in data.items] == ["call_999"]
    assert data.parts.bag_ticked == ("spare_keys",)
