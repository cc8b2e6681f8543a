"""Bad input on every case form, in every app, gets a GOV.UK error summary and changes nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from safeplan.content.measures import CIRCUMSTANCE_FLAGS
from safeplan.content.techcheck import tech_check
from safeplan.domain.risk import instrument_factor_ids
from safeplan.personas import World
from safeplan.testing.access import FORM_TAG, fill, patterns, snapshot, takes_an_id
from safeplan.testing.forms import hidden_values
from safeplan.testing.marac import marac_world
from safeplan.testing.risk import world_assessment
from safeplan.testing.signin import sign_in_verified

# Bad payloads per form route. Every form page under /cases/ must be listed here.
BAD_INPUT: dict[str, list[dict[str, str]]] = {
    "cases/new/": [{}, {"victim_name": "V", "responsible_officer": "999999", "spoc": "999999"}],
    "cases/break-glass/": [{}, {"reference": "SP-NONE-0000", "reason": "a reason that is long enough to pass"}],
    "cases/<int:case_id>/close/": [{}, {"reason": "other", "note": ""}],
    "cases/<int:case_id>/reopen/": [{}, {"reason": "reopening an open case"}],
    "cases/<int:case_id>/handover/": [{}, {"duty": "spoc", "to_user": "{bob}", "reason": "same person"}],
    "cases/<int:case_id>/people/new/": [{}, {"role": "victim", "full_name": "A second victim"}],
    "cases/<int:case_id>/people/<int:person_id>/": [
        {"role": "child", "full_name": "", "date_of_birth": "31/02/2020"},
        {"role": "child", "full_name": "Kit", "date_of_birth": "1/1/1850"},
        {"role": "child", "full_name": "Kit", "date_of_birth": "1/1/2099"},
    ],
    "cases/<int:case_id>/safe-contact/": [
        {},
        {"allowed_channels": "voicemail", "never": "voicemail"},
        {"allowed_channels": "email", "email": "not-an-email"},
    ],
    "cases/<int:case_id>/locations/new/": [{}, {"kind": "refuge", "address": "   "}],
    "cases/<int:case_id>/shares/new/": [{}, {"team": "{south}", "reason": "x", "expires_on": "2001-01-01"}],
    "cases/<int:case_id>/import-survivor-plan/": [{}, {"code": "X" * 31}],
    "cases/<int:case_id>/events/new/": [{}, {"type": "no_such_event"}],
    "cases/<int:case_id>/equality/": [
        {},
        {"minoritised": "maybe", "lgbt": "no", "disabled": "no", "gender": "female"},
        {"minoritised": "no", "lgbt": "no", "disabled": "no", "gender": "unknown"},
    ],
    "cases/<int:case_id>/obligations/<int:obligation_id>/notify/": [
        {},
        # voicemail is on the victim's never list, email is not agreed: both refused.
        *(
            {"notified_on": day, "notified_time": "10:00", "channel": channel, "outcome": "told", "what_was_said": "x"}
            for day, channel in (("2026-01-05", "voicemail"), ("2026-01-05", "email"), ("2099-01-05", "phone_call"))
        ),
    ],
    "cases/<int:case_id>/obligations/<int:obligation_id>/complete/": [
        {},
        {"reason": "victim_opted_out", "note": "short"},
    ],
    "cases/<int:case_id>/notes/new/": [{}, {"text": "   "}],
    # The world's case has open obligations: each needs an outcome and a note of ten characters.
    "cases/<int:case_id>/close/tasks/": [{}],
    "cases/<int:case_id>/notes/<int:note_id>/correct/": [
        {},
        {"text": "A corrected note.", "reason": "short"},
        {"text": "A synthetic case note.", "reason": "Nothing actually changed."},
    ],
    "cases/<int:case_id>/contacts/new/": [
        {},
        # An outgoing voicemail is on the never list; without the emergency and its reason it is refused.
        *(
            {
                "contacted_on": day,
                "contacted_time": "10:00",
                "direction": "outgoing",
                "channel": channel,
                "outcome": "message_left",
                "summary": "x",
                **extra,
            }
            for day, channel, extra in (
                ("2026-01-05", "voicemail", {}),
                ("2026-01-05", "voicemail", {"emergency": "on"}),
                ("2099-01-05", "phone_call", {}),
                ("1900-01-05", "phone_call", {}),
            )
        ),
    ],
}
# Risk: a complete "no" checklist to spoil one way at a time.
_RIC_NO = {factor_id: "no" for factor_id in instrument_factor_ids("ric")}
_RIC_BASE = {**_RIC_NO, "trigger": "initial", "victim_view": "not_sure", "incidents_last_12_months": "0"}
BAD_INPUT.update(
    {
        "cases/<int:case_id>/risk/new/<str:instrument_id>/": [
            {},
            {**_RIC_BASE, "current_injury": ""},
            {**_RIC_BASE, "fears": "maybe"},
            {**_RIC_BASE, "incidents_last_12_months": "-1", "last_marac_referral": "31/02/2020"},
            {**_RIC_BASE, "last_marac_referral": "2999-01-01"},
            {**_RIC_BASE, "judgement": "high", "judgement_reason": " "},
            {**_RIC_BASE, "judgement": "none", "judgement_reason": "a reason with no raise"},
            # Judgement may raise the grade, never lower it: 24 yes is high.
            {**_RIC_BASE, **dict.fromkeys(_RIC_NO, "yes"), "judgement": "medium", "judgement_reason": "lower it"},
            {**_RIC_BASE, "trigger": "whim", "victim_view": "fine"},
        ],
        "cases/<int:case_id>/marac/refer/": [
            {},
            {"area": "{area}", "afraid_of": "Sam", "victim_aware": "no", "consent": "given"},
            {"area": "{area}", "afraid_of": "Sam", "victim_aware": "yes", "consent": "refused"},
            {
                "area": "{area}",
                "afraid_of": "Sam",
                "victim_aware": "yes",
                "consent": "refused",
                "no_consent_reason": "x",
            },
            {"area": "999999", "afraid_of": "Sam", "victim_aware": "yes", "consent": "given"},
        ],
        "cases/<int:case_id>/risk/<int:assessment_id>/marac-decision/": [
            {},
            {"decision": "perhaps", "reason": "not a choice"},
            {"decision": "refer", "reason": "   "},
        ],
    }
)
# Evidence: file upload forms get a missing file and a file whose content is not what it claims.
BAD_INPUT.update(
    {
        "cases/<int:case_id>/incidents/new/": [
            {},
            {"occurred_on": "31/02/2026", "occurred_time": "10:00", "summary": "x"},
            {"occurred_on": "01/01/2026", "summary": "no time and not marked approximate"},
            {"occurred_on": "01/01/2099", "occurred_time": "10:00", "summary": "in the future"},
        ],
        "cases/<int:case_id>/incidents/<int:incident_id>/amend/": [
            {},
            {"kind": "rewrite", "text": "x", "reason": "x"},
            {"kind": "correction", "text": "   ", "reason": "x"},
        ],
        "cases/<int:case_id>/incidents/<int:incident_id>/attachments/new/": [
            {},
            {"file": SimpleUploadedFile("photo.jpg", b"a text file pretending to be a JPEG")},  # type: ignore[dict-item]
            {"file": SimpleUploadedFile("tool.exe", b"MZ\x90\x00" + bytes(60))},  # type: ignore[dict-item]
        ],
        "cases/<int:case_id>/incidents/import/": [
            {},
            {"source": "sms", "file": SimpleUploadedFile("backup.xml", b"<smses><sms address=")},  # type: ignore[dict-item]
            {"source": "whatsapp", "file": SimpleUploadedFile("chat.txt", b"not a chat export")},  # type: ignore[dict-item]
        ],
        "cases/bundles/verify/": [{}],
    }
)
# Plans: each step of building a plan (the choices step has no form until the circumstances are known:
# plans/tests/test_building_a_plan.py gives it bad input). Payloads fail with or without a saved version.
_PLAN_NO = {flag: "no" for flag in CIRCUMSTANCE_FLAGS}
_TECH_YES_NO = [question.id for question in tech_check().questions if question.kind == "yes_no"]
BAD_INPUT.update(
    {
        "cases/<int:case_id>/plan/build/": [
            {},
            {"reason": "scheduled", "next_review_on": "2001-01-01"},
            {"reason": "survivor_shared", "next_review_on": "31/02/2030"},
        ],
        "cases/<int:case_id>/plan/build/coping/": [
            {},
            {"coping_strategies": "   "},
            {"coping_strategies": "I lock the door", "none_yet": "on"},
            {"coping_strategies": "x" * 4001},
        ],
        "cases/<int:case_id>/plan/build/circumstances/": [
            {},
            {**_PLAN_NO, "situation": "on_holiday"},
            {**_PLAN_NO, "situation": "after_separation", "works": "maybe"},
            {**_PLAN_NO, "situation": "after_separation", "child_contact_arrangements": "yes"},
        ],
        "cases/<int:case_id>/tech/scan/": [
            {},
            {"packages": SimpleUploadedFile("packages.txt", b"this is not a list of packages\n")},
            {"packages": SimpleUploadedFile("packages.txt", b"\xff\xfe\x00\x00binary")},
            {"packages": SimpleUploadedFile("packages.txt", b"package:com.example.app\n"), "allow": "not a package"},
            {
                "packages": SimpleUploadedFile("packages.txt", b"package:com.example.app\n"),
                "settings_global": SimpleUploadedFile("settings_global.txt", b"no equals sign here\n"),
            },
        ],
        "cases/<int:case_id>/tech/check/": [
            {"devices": ["iphone"]},
            {"devices": ["flip_phone"], **{q: "no" for q in _TECH_YES_NO}},
            {"devices": ["iphone"], **{q: "maybe" for q in _TECH_YES_NO}},
        ],
        "cases/<int:case_id>/plan/build/parts/": [
            {"bag_ticked": "not_a_bag_item"},
            {"bag_ticked": "call_999"},
            {"contacts": "x" * 4001},
        ],
    }
)
# Perpetrators: orders, breach, custody and the management plan of the case's suspect.
BAD_INPUT.update(
    {
        "cases/<int:case_id>/people/<int:person_id>/orders/new/": [
            {},
            {
                "kind": "restraining",
                "conditions_plain": "No contact",
                "starts_on": "2026-05-01",
                "expires_on": "2026-04-01",
            },
        ],
        "cases/<int:case_id>/people/<int:person_id>/orders/breach/": [{}, {"order": "987654", "details": "x"}],
        "cases/<int:case_id>/people/<int:person_id>/custody/": [
            {},
            {"status": "sentenced", "reason": "x", "mappa_category": "9"},
        ],
        "cases/<int:case_id>/people/<int:person_id>/plan/": [{}, {"spoc": "987654", "tactics": "not_a_tactic"}],
        "cases/<int:case_id>/people/<int:person_id>/plan/review/": [
            {},
            {"decision": "x", "next_review_on": "2001-01-01"},
        ],
    }
)
# Forms whose every field is optional have no bad input to give.
ALL_OPTIONAL = {
    "cases/<int:case_id>/bundle/",
    "cases/<int:case_id>/summary/",
    "cases/search/",
    "cases/<int:case_id>/events/<int:event_id>/withdrawal-checklist/",
}


def form_routes(client: Client, world: World) -> dict[str, str]:
    found = {}
    for route, pattern in patterns():
        if not route.startswith("cases/"):
            continue
        if pattern.pattern.converters and not takes_an_id(pattern):
            continue
        path = fill(route, pattern, world) if pattern.pattern.converters else "/" + route
        response = client.get(path)
        if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
            continue
        if response.status_code == 200 and FORM_TAG.search(response.content.decode()):
            found[route] = path
    return found


# Telling the victim what a MARAC agreed: the safe contact rule (voicemail is on the never list), a future time.
BAD_INPUT["cases/<int:case_id>/marac/items/<int:item_id>/victim/"] = [
    {},
    {"told_on": "05/01/2026", "told_time": "10:00", "channel": "voicemail", "passed_on": "x"},
    {"told_on": "05/01/2099", "told_time": "10:00", "channel": "phone_call", "passed_on": "x"},
]


def test_every_case_form_refuses_bad_input_and_saves_nothing(world: World) -> None:
    world.sue.save()
    # The referral form shows once the case has a checklist and its agency a MARAC.
    area = marac_world(world).area
    world_assessment(world)
    client = Client()
    sign_in_verified(client, world.sue)
    routes = form_routes(client, world)
    assert set(routes) - ALL_OPTIONAL == set(BAD_INPUT), "list the bad input for every form page"
    for route, payloads in BAD_INPUT.items():
        for payload in payloads:
            data = {
                k: v.format(bob=world.bob.pk, south=world.north.pk, area=area.pk) if isinstance(v, str) else v
                for k, v in payload.items()
            }
            # The hidden version the page carries, so each payload meets the check it is about.
            data = {**hidden_values(client.get(routes[route]).content.decode()), **data}
            before = snapshot()
            response = client.post(routes[route], data)
            html = response.content.decode()
            assert response.status_code == 200, f"{route} {payload}: {response.status_code}"
            assert "govuk-error-summary" in html, f"{route} {payload}: no error summary"
            assert "There is a problem" in html
            assert snapshot() == before, f"{route} {payload} changed the database"
