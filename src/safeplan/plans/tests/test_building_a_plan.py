"""Building a plan with the victim: coping strategies first, circumstances, choices with cautions, parts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from safeplan.appendonly import AppendOnlyError
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import CaseShare, Person
from safeplan.content.measures import knowledge_base
from safeplan.domain.tailoring import suggest
from safeplan.personas import World
from safeplan.plans import building
from safeplan.plans.models import SafetyPlanDraft, SafetyPlanItem, SafetyPlanVersion
from safeplan.plans.plandata import PlanData
from safeplan.testing.access import snapshot
from safeplan.testing.forms import submit
from safeplan.testing.plans import COPING, answers, plan_url, saved_version
from safeplan.testing.signin import sign_in_verified

CONTROLLED = answers(abuser_checks_accounts=True)


def record_coping(client: Client, world: World, text: str = COPING) -> None:
    response = submit(client, plan_url(world, "build/coping/"), {"coping_strategies": text})
    assert response.status_code == 302


def record_circumstances(client: Client, world: World, situation: str = "living_with_abuser", **changes: str) -> None:
    response = submit(
        client, plan_url(world, "build/circumstances/"), {"situation": situation, **CONTROLLED, **changes}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def draft(world: World) -> PlanData:
    return PlanData.from_stored(SafetyPlanDraft.objects.get(case=world.case).data)


def block(html: str, measure_id: str) -> str:
    """Return the HTML of one measure's block on the choices page."""
    start = html.rindex('<div class="sp-measure ', 0, html.index(f'id="measure-{measure_id}"'))
    end = html.find('<div class="sp-measure ', start + 1)
    return html[start : end if end != -1 else len(html)]


def test_every_step_answers_404_to_outsiders(world: World) -> None:
    for user in world.outside():
        client = Client()
        sign_in_verified(client, user)
        for tail in ("", "build/", "build/coping/", "build/circumstances/", "build/measures/", "build/parts/"):
            assert client.get(plan_url(world, tail)).status_code == 404, (user.username, tail)
        assert submit(client, plan_url(world, "build/coping/"), {"coping_strategies": "x"}).status_code == 404
        assert submit(client, plan_url(world, "build/discard/")).status_code == 404
    assert not SafetyPlanDraft.objects.exists()


def test_a_team_the_case_is_shared_with_reads_the_plan_but_cannot_build_it(world: World) -> None:
    saved_version(world.case, world.alice)
    CaseShare.objects.create(
        case=world.case,
        team=world.elsewhere,
        reason="joint work",
        granted_by=world.alice,
        expires_at=timezone.now() + timedelta(days=3),
    )
    client = Client()
    sign_in_verified(client, world.olga)
    assert client.get(plan_url(world)).status_code == 200
    assert client.get(plan_url(world, "build/")).status_code == 404
    assert submit(client, plan_url(world, "build/coping/"), {"coping_strategies": "x"}).status_code == 404


def test_coping_strategies_are_recorded_first_and_audited_without_their_text(
    world: World, alice_client: Client
) -> None:
    response = submit(
        alice_client, plan_url(world, "build/circumstances/"), {"situation": "after_separation", **answers()}
    )
    assert response.status_code == 200
    assert "First record what the victim already does" in response.content.decode()
    assert not SafetyPlanDraft.objects.exists()

    record_coping(alice_client, world)
    assert draft(world).coping_recorded
    assert draft(world).coping_strategies == COPING
    event = AuditEvent.objects.get(verb=Verb.PLAN_DRAFT_SAVED)
    assert event.detail["step"] == "coping"
    assert event.case_id == world.case.pk
    assert "sister" not in str(event.detail)


def test_a_victim_who_does_nothing_yet_says_so_explicitly(world: World, alice_client: Client) -> None:
    response = submit(alice_client, plan_url(world, "build/coping/"), {"coping_strategies": ""})
    assert "govuk-error-summary" in response.content.decode()
    response = submit(alice_client, plan_url(world, "build/coping/"), {"none_yet": "on"})
    assert response.status_code == 302
    assert draft(world).coping_recorded
    assert draft(world).coping_strategies == ""


def test_the_draft_is_encrypted_at_rest(world: World, alice_client: Client) -> None:
    record_coping(alice_client, world)
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM plans_safetyplandraft")
        (raw,) = cursor.fetchone()
    assert "sister" not in raw
    assert "coping" not in raw


def test_not_sure_counts_as_yes(world: World, alice_client: Client) -> None:
    record_coping(alice_client, world)
    record_circumstances(alice_client, world, abuser_checks_accounts="not_sure")
    assert draft(world).circumstances.answers["abuser_checks_accounts"] == "not_sure"  # type: ignore[union-attr]
    html = alice_client.get(plan_url(world, "build/measures/")).content.decode()
    assert 'data-suggestion="not_safe"' in block(html, "change_passwords")


def test_a_contraindicated_measure_comes_with_its_caution_and_defaults_to_not_safe(
    world: World, alice_client: Client
) -> None:
    record_coping(alice_client, world)
    record_circumstances(alice_client, world)
    html = alice_client.get(plan_url(world, "build/measures/")).content.decode()
    passwords = block(html, "change_passwords")
    assert 'data-suggestion="not_safe"' in passwords
    assert "sp-measure--not_safe" in passwords
    assert "govuk-warning-text" in passwords
    reason = next(
        c.reason.get("en") for c in knowledge_base().by_id("change_passwords").cautions if c.severity == "not_safe"
    )
    assert reason.split("–")[0][:60].replace("'", "&#x27;") in passwords
    assert re.search(r'value="not_safe" checked', passwords)


def test_no_measure_with_a_caution_is_shown_as_a_plain_suggestion(world: World, alice_client: Client) -> None:
    record_coping(alice_client, world)
    record_circumstances(
        alice_client, world, situation="after_separation", uses_abuser_messages_to_know_movements="yes"
    )
    html = alice_client.get(plan_url(world, "build/measures/")).content.decode()
    circumstances = draft(world).circumstances.circumstances()  # type: ignore[union-attr]
    for suggestion in suggest(building.choosable_measures(), circumstances):
        shown = block(html, suggestion.measure.id)
        assert f'data-suggestion="{suggestion.status}"' in shown
        if suggestion.cautions_that_apply:
            assert 'data-suggestion="suggested"' not in shown, suggestion.measure.id
            assert shown.count("govuk-warning-text__text") == len(suggestion.cautions_that_apply)
    # Blocking the abuser would take away the victim's warning: never offered plainly.
    assert 'data-suggestion="not_safe"' in block(html, "block_abuser")
    # A password change after separation only warns.
    assert 'data-suggestion="suggested_with_caution"' in block(html, "change_passwords")


def test_coping_strategies_are_shown_before_any_suggestion(world: World, alice_client: Client) -> None:
    record_coping(alice_client, world)
    record_circumstances(alice_client, world)
    html = alice_client.get(plan_url(world, "build/measures/")).content.decode()
    coping = html.index("I keep my phone charged")
    assert coping < html.index('class="sp-measure ')
    assert coping < html.index('id="coping-strategies"') + 200


def test_the_choices_page_waits_for_the_circumstances(world: World, alice_client: Client) -> None:
    record_coping(alice_client, world)
    html = alice_client.get(plan_url(world, "build/measures/")).content.decode()
    assert "sp-measure" not in html
    assert "Answer the questions about the victim" in html


def test_choosing_records_who_does_what_by_when(world: World, alice_client: Client) -> None:
    record_coping(alice_client, world)
    record_circumstances(alice_client, world)
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = submit(
        alice_client,
        plan_url(world, "build/measures/"),
        {
            "m-call_999-status": "will_do",
            "m-call_999-actor": "victim",
            "m-safer_room-status": "already_doing",
            "m-code_word-status": "will_do",
            "m-code_word-actor": "friends_family",
            "m-code_word-note": "Her sister Jo knows to call 999 on a blank text",
            "m-code_word-due": due,
            "m-change_passwords-status": "not_safe",
            "m-escape_route-status": "not_now",
        },
    )
    assert response.status_code == 302
    data = draft(world)
    assert {item.measure_id: item.status for item in data.items} == {
        "call_999": "will_do",
        "safer_room": "already_doing",
        "code_word": "will_do",
        "change_passwords": "not_safe",
        "escape_route": "not_now",
    }
    code_word = data.choice("code_word")
    assert code_word is not None
    assert code_word.actor == "friends_family"
    assert code_word.due_on.isoformat() == due
    assert AuditEvent.objects.filter(verb=Verb.PLAN_DRAFT_SAVED, detail__step="measures").exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"m-call_999-status": "sometimes"},
        {"m-call_999-status": "will_do", "m-call_999-actor": "neighbour"},
        {"m-call_999-status": "will_do", "m-call_999-due": "31/02/2030"},
        {"m-call_999-status": "will_do", "m-call_999-due": "2001-01-01"},
        {"m-call_999-actor": "victim"},
        {"m-call_999-status": "will_do", "m-call_999-note": "x" * 4001},
        # Not safe in these circumstances: choosing it anyway needs a word on the risk.
        {"m-change_passwords-status": "will_do"},
        {"m-change_passwords-status": "already_doing", "m-change_passwords-note": "   "},
    ],
)
def test_bad_choices_get_an_error_summary_and_change_nothing(
    world: World, alice_client: Client, payload: dict[str, str]
) -> None:
    record_coping(alice_client, world)
    record_circumstances(alice_client, world)
    before, data = snapshot(), SafetyPlanDraft.objects.get(case=world.case).data
    response = submit(alice_client, plan_url(world, "build/measures/"), payload)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert snapshot() == before
    assert SafetyPlanDraft.objects.get(case=world.case).data == data


def test_choosing_a_not_safe_measure_with_a_plan_for_the_risk_is_the_victims_choice(
    world: World, alice_client: Client
) -> None:
    record_coping(alice_client, world)
    record_circumstances(alice_client, world)
    response = submit(
        alice_client,
        plan_url(world, "build/measures/"),
        {"m-change_passwords-status": "will_do", "m-change_passwords-note": "Only the new email, from the library"},
    )
    assert response.status_code == 302
    assert draft(world).choice("change_passwords").status == "will_do"  # type: ignore[union-attr]


def test_a_choice_no_longer_suggested_stays_on_the_page(world: World, alice_client: Client) -> None:
    record_coping(alice_client, world)
    record_circumstances(alice_client, world, situation="after_separation")
    submit(alice_client, plan_url(world, "build/measures/"), {"m-change_locks-status": "will_do"})
    record_circumstances(alice_client, world, situation="living_with_abuser")
    html = alice_client.get(plan_url(world, "build/measures/")).content.decode()
    assert "no longer suggested" in html
    assert re.search(r'value="will_do" checked', block(html, "change_locks"))


def test_every_measure_can_be_shown_on_request(world: World, alice_client: Client) -> None:
    record_coping(alice_client, world)
    record_circumstances(alice_client, world)
    html = alice_client.get(plan_url(world, "build/measures/?all=1")).content.decode()
    assert html.count('class="sp-measure ') == len(building.choosable_measures())


def test_the_childrens_plan_is_asked_only_when_there_are_children(world: World, alice_client: Client) -> None:
    record_coping(alice_client, world)
    record_circumstances(alice_client, world, has_children="no", child_contact_arrangements="no")
    html = alice_client.get(plan_url(world, "build/parts/")).content.decode()
    assert "children_calling_999" not in html
    assert "child_contact_handovers" not in html

    Person.objects.create(case=world.case, role=Person.Role.CHILD, full_name="Kit Child")
    html = alice_client.get(plan_url(world, "build/parts/")).content.decode()
    assert "children_calling_999" in html
    assert "children_school_collection" in html
    # Saying "no children" is refused once a child is recorded.
    response = submit(
        alice_client, plan_url(world, "build/circumstances/"), {"situation": "after_separation", **CONTROLLED}
    )
    assert "Children are recorded in this case" in response.content.decode()


def test_the_bag_checklist_shows_the_cautions_that_apply(world: World, alice_client: Client) -> None:
    record_coping(alice_client, world)
    record_circumstances(alice_client, world, abuser_controls_money="yes")
    html = alice_client.get(plan_url(world, "build/parts/")).content.decode()
    money = knowledge_base().by_id("bag_money").cautions[0].reason.get("en")
    assert money[:50].replace("'", "&#x27;") in html
    response = submit(
        alice_client,
        plan_url(world, "build/parts/"),
        {"bag_wanted": "on", "bag_ticked": ["bag_money", "spare_keys"], "contacts": "Jo 07700 900123"},
    )
    assert response.status_code == 302
    parts = draft(world).parts
    assert parts.bag_wanted
    assert set(parts.bag_ticked) == {"bag_money", "spare_keys"}
    assert parts.contacts == "Jo 07700 900123"


def test_saving_makes_a_version_with_the_wording_copied_in_and_drops_the_draft(
    world: World, alice_client: Client
) -> None:
    record_coping(alice_client, world)
    record_circumstances(alice_client, world)
    submit(
        alice_client,
        plan_url(world, "build/measures/"),
        {
            "m-call_999-status": "will_do",
            "m-change_passwords-status": "not_safe",
            "m-code_word-status": "will_do",
            "m-code_word-note": "Jo will call 999",
        },
    )
    review = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = submit(alice_client, plan_url(world, "build/"), {"next_review_on": review})
    version = SafetyPlanVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/plan/versions/{version.pk}/")
    assert not SafetyPlanDraft.objects.exists()
    assert version.number == 1
    assert version.reason == "first"
    assert version.next_review_on.isoformat() == review
    passwords = version.items.get(measure_id="change_passwords")
    assert passwords.status == "not_safe"
    assert passwords.suggestion == "not_safe"
    assert passwords.cautions
    assert passwords.cautions[0]["severity"] == "not_safe"
    assert passwords.survivor_text == dict(knowledge_base().by_id("change_passwords").survivor.root)
    event = AuditEvent.objects.get(verb=Verb.PLAN_VERSION_SAVED)
    assert event.detail["version"] == 1
    assert event.detail["items"] == 3
    assert "Jo" not in str(event.detail)
    with connection.cursor() as cursor:
        cursor.execute("SELECT owner_note FROM plans_safetyplanitem WHERE measure_id = 'code_word'")
        (raw,) = cursor.fetchone()
    assert raw
    assert "Jo" not in raw


def test_saving_needs_the_steps_done_and_a_review_date(world: World, alice_client: Client) -> None:
    review = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = submit(alice_client, plan_url(world, "build/"), {"next_review_on": review})
    assert "There is nothing to save" in response.content.decode()
    record_coping(alice_client, world)
    response = submit(alice_client, plan_url(world, "build/"), {"next_review_on": review})
    assert "Answer the questions about the victim" in response.content.decode()
    record_circumstances(alice_client, world)
    for bad in ("", "2001-01-01", (timezone.localdate() + timedelta(days=800)).isoformat()):
        response = submit(alice_client, plan_url(world, "build/"), {"next_review_on": bad})
        assert "There is a problem" in response.content.decode()
    assert not SafetyPlanVersion.objects.exists()


def test_a_review_starts_from_the_current_version_and_needs_a_reason(world: World, alice_client: Client) -> None:
    first = saved_version(world.case, world.alice, coping="I lock the bathroom door")
    html = alice_client.get(plan_url(world, "build/coping/")).content.decode()
    assert "I lock the bathroom door" in html
    record_circumstances(alice_client, world)
    assert SafetyPlanDraft.objects.get().based_on == first
    review = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = submit(alice_client, plan_url(world, "build/"), {"next_review_on": review})
    assert "There is a problem" in response.content.decode()
    response = submit(alice_client, plan_url(world, "build/"), {"next_review_on": review, "reason": "trigger"})
    assert response.status_code == 302
    second = SafetyPlanVersion.objects.get(number=2)
    assert second.reason == "trigger"
    assert set(second.items.values_list("measure_id", flat=True)) == {"call_999", "code_word"}


def test_a_saved_version_cannot_be_changed(world: World) -> None:
    version = saved_version(world.case, world.alice)
    version.next_review_on = None
    with pytest.raises(AppendOnlyError):
        version.save()
    item = version.items.first()
    assert isinstance(item, SafetyPlanItem)
    item.status = "not_now"
    with pytest.raises(AppendOnlyError):
        item.save()


def test_discarding_the_draft_keeps_the_versions(world: World, alice_client: Client) -> None:
    saved_version(world.case, world.alice)
    record_coping(alice_client, world, "Something new")
    response = submit(alice_client, plan_url(world, "build/discard/"))
    assert response.status_code == 302
    assert not SafetyPlanDraft.objects.exists()
    assert SafetyPlanVersion.objects.count() == 1
    assert AuditEvent.objects.filter(verb=Verb.PLAN_DRAFT_DISCARDED).count() == 1


def test_a_closed_case_plan_cannot_change(world: World, alice_client: Client) -> None:
    world.case.status = "closed"
    world.case.closed_at = timezone.now()
    world.case.save()
    response = submit(alice_client, plan_url(world, "build/coping/"), {"coping_strategies": "x"})
    assert "The case is closed" in response.content.decode()
    assert not SafetyPlanDraft.objects.exists()
