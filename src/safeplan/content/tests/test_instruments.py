"""The risk instruments: shipped content, versions, and the loader's checks."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from safeplan.content import loader
from safeplan.content.instruments import (
    ANSWER_VALUES,
    Instrument,
    UnknownInstrumentError,
    grading_settings,
    instrument,
    instruments,
    load_instruments,
)
from safeplan.content.loader import ContentError

# A used (id, version) must never change its factors, questions or thresholds:
# old assessments are re-scored with it. If this test fails, you edited a used
# version in place: restore it, copy it to archive/<id>-v<version>.yaml, and make
# your change in a new version. Add the new version's fingerprint here.
FINGERPRINTS = {
    ("ric", 1): "f9af0e6800ee83e09818c3d0b478d27ed4cde7f2b349579b75264aa46a5852ff",
    ("stalking", 1): "307035ab66c16589a7d8fcea024bbf56ed34c28835667110d77e50e39b1fb6d5",
}

# Phrases of the published DASH checklist that must not be pasted into our content.
PUBLISHED_PHRASES = (
    "name of abuser",
    "resulted in injury",
    "are you very frightened?",
    "and you believed them",
    "things of a sexual nature",
    "constantly text, call, contact",
    "excessively jealous",
)


def fingerprint(item: Instrument) -> str:
    return hashlib.sha256(json.dumps(item.fingerprint()).encode()).hexdigest()


def every_version() -> list[Instrument]:
    library = instruments()
    return [*library.current, *library.archived]


def factor(index: int, **overrides: Any) -> dict[str, Any]:
    data = {
        "id": f"factor_{index}",
        "topic": "test",
        "question": {"en": f"Question {index}?"},
        "help": {"en": f"Why {index} matters."},
    }
    return data | overrides


def document(instrument_id: str = "demo", version: int = 1, **overrides: Any) -> dict[str, Any]:
    data = {
        "id": instrument_id,
        "version": version,
        "title": {"en": "Demo"},
        "description": {"en": "A test instrument."},
        "answers": [
            {"value": "yes", "label": {"en": "Yes"}},
            {"value": "no", "label": {"en": "No"}},
            {"value": "unknown", "label": {"en": "Not known"}},
        ],
        "thresholds": {"medium": 2, "high": 3},
        "factors": [factor(index) for index in range(1, 5)],
    }
    return data | overrides


def write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data), encoding="utf-8")


# --- the shipped content


def test_the_shipped_instruments_load_with_ric_and_stalking() -> None:
    library = instruments()
    assert set(library.ids()) >= {"ric", "stalking"}
    assert len(instrument("ric").factors) == 24
    assert len(instrument("stalking").factors) >= 10


def test_both_loaders_are_registered_for_the_startup_check() -> None:
    assert loader.LOADERS["instruments"] is instruments
    assert loader.LOADERS["grading"] is grading_settings


def test_ric_thresholds_are_14_for_high_and_10_for_medium() -> None:
    thresholds = instrument("ric").thresholds
    assert (thresholds.medium, thresholds.high) == (10, 14)


def test_potential_escalation_defaults_to_three_incidents() -> None:
    assert grading_settings().potential_escalation_incidents == 3


@pytest.mark.parametrize("item", every_version(), ids=lambda i: f"{i.id}-v{i.version}")
def test_every_factor_has_a_question_and_help_in_english(item: Instrument) -> None:
    for each in item.factors:
        question, help_text = each.question.get("en").strip(), each.help.get("en").strip()
        assert question.endswith("?"), each.id
        assert len(question.split()) >= 5, each.id
        assert len(help_text.split()) >= 8, each.id
        assert question != help_text


def test_no_two_questions_are_the_same_in_any_instrument() -> None:
    questions = [str(each.question).strip().casefold() for item in instruments().current for each in item.factors]
    assert len(questions) == len(set(questions))


@pytest.mark.parametrize("item", every_version(), ids=lambda i: f"{i.id}-v{i.version}")
def test_answers_are_yes_no_and_not_known(item: Instrument) -> None:
    assert [(option.value, str(option.label)) for option in item.answers] == [
        ("yes", "Yes"),
        ("no", "No"),
        ("unknown", "Not known"),
    ]


def test_ric_questions_speak_to_the_victim_about_the_person_hurting_them() -> None:
    for each in instrument("ric").factors:
        assert "you" in str(each.question).lower().split() or "your" in str(each.question).lower(), each.id
    about_the_abuser = [each for each in instrument("ric").factors if "the person hurting you" in str(each.question)]
    assert len(about_the_abuser) >= 18


def test_no_question_or_help_copies_the_published_checklist() -> None:
    for item in every_version():
        for each in item.factors:
            text = f"{each.question} {each.help}".lower()
            for phrase in PUBLISHED_PHRASES:
                assert phrase not in text, f"{item.id}.{each.id} uses published wording: {phrase!r}"


def test_the_stalking_screen_covers_online_behaviour() -> None:
    online = {each.id for each in instrument("stalking").factors if each.topic == "online"}
    assert {"monitors_accounts", "tracks_location", "fake_accounts", "intimate_images"} <= online
    text = " ".join(str(each.question).lower() for each in instrument("stalking").factors)
    for word in ("online", "social media", "tracker", "app", "fake accounts", "photos"):
        assert word in text


def test_the_stalking_screen_covers_behaviour_in_person() -> None:
    ids = {each.id for each in instrument("stalking").factors}
    assert {"repeated_contact", "turns_up", "following", "contacts_others", "threats", "damages_property"} <= ids
    assert {"escalating", "unwanted_gifts", "very_frightened"} <= ids


def test_stalking_thresholds_keep_three_levels_within_the_factor_count() -> None:
    item = instrument("stalking")
    assert 1 <= item.thresholds.medium < item.thresholds.high <= len(item.factors)


@pytest.mark.parametrize("item", every_version(), ids=lambda i: f"{i.id}-v{i.version}")
def test_a_used_version_is_never_edited_in_place(item: Instrument) -> None:
    assert (item.id, item.version) in FINGERPRINTS, f"add the fingerprint of {item.id} v{item.version}"
    assert fingerprint(item) == FINGERPRINTS[(item.id, item.version)], (
        f"{item.id} v{item.version} changed in place: archive it and make a new version"
    )


# --- versions


def test_an_older_version_stays_loadable_next_to_the_current(tmp_path: Path) -> None:
    write(tmp_path / "archive" / "demo-v1.yaml", document(version=1))
    write(tmp_path / "demo.yaml", document(version=2, thresholds={"medium": 1, "high": 4}))
    library = load_instruments(tmp_path)
    assert library.instrument("demo").version == 2
    assert library.instrument("demo", 2).version == 2
    assert library.instrument("demo", 1).thresholds.high == 3
    assert library.versions("demo") == (1, 2)


def test_an_unknown_id_or_version_raises_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path / "demo.yaml", document())
    library = load_instruments(tmp_path)
    with pytest.raises(UnknownInstrumentError, match="unknown instrument 'dash'; known instruments: 'demo'"):
        library.instrument("dash")
    with pytest.raises(UnknownInstrumentError, match="'demo' has no version 7; known versions: 1"):
        library.instrument("demo", 7)
    assert issubclass(UnknownInstrumentError, ValueError)


def test_the_settings_file_is_not_read_as_an_instrument(tmp_path: Path) -> None:
    write(tmp_path / "demo.yaml", document())
    (tmp_path / "grading.yaml").write_text("potential_escalation_incidents: 3\n", encoding="utf-8")
    assert load_instruments(tmp_path).ids() == ("demo",)


# --- the loader's checks


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"factors": [factor(1), factor(2), factor(1, question={"en": "Other?"})]}, "duplicate factor ids"),
        ({"factors": [factor(1, id="Bad-Id"), factor(2), factor(3)]}, "factors.0.id"),
        ({"factors": [factor(1), factor(2, question={"en": "question 1?"}), factor(3)]}, "same question"),
        ({"factors": []}, "at least one factor"),
        ({"thresholds": {"medium": 3, "high": 3}}, "thresholds must be ordered"),
        ({"thresholds": {"medium": 4, "high": 2}}, "thresholds must be ordered"),
        ({"thresholds": {"medium": 0, "high": 2}}, "thresholds.medium"),
        ({"thresholds": {"medium": 2, "high": 5}}, "more than the number of factors"),
        ({"answers": [{"value": "yes", "label": {"en": "Yes"}}, {"value": "no", "label": {"en": "No"}}]}, "answers"),
        ({"version": 0}, "version"),
        ({"factors": [factor(1, help={"cy": "Pam"}), factor(2), factor(3)]}, "English"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_an_invalid_instrument_is_refused_by_name(tmp_path: Path, overrides: dict[str, Any], message: str) -> None:
    write(tmp_path / "demo.yaml", document(**overrides))
    with pytest.raises(ContentError, match=message) as error:
        load_instruments(tmp_path)
    assert "demo.yaml" in str(error.value)


def test_the_file_name_must_match_the_id(tmp_path: Path) -> None:
    write(tmp_path / "other.yaml", document())
    with pytest.raises(ContentError, match=r"name the file demo\.yaml"):
        load_instruments(tmp_path)


def test_an_archived_file_name_must_match_id_and_version(tmp_path: Path) -> None:
    write(tmp_path / "demo.yaml", document(version=3))
    write(tmp_path / "archive" / "demo-v2.yaml", document(version=1))
    with pytest.raises(ContentError, match=r"name the file demo-v1\.yaml"):
        load_instruments(tmp_path)


def test_an_archived_version_must_be_older_than_the_current(tmp_path: Path) -> None:
    write(tmp_path / "demo.yaml", document(version=2))
    write(tmp_path / "archive" / "demo-v2.yaml", document(version=2))
    with pytest.raises(ContentError, match="not older than the current v2"):
        load_instruments(tmp_path)


def test_an_archived_version_needs_a_current_one(tmp_path: Path) -> None:
    write(tmp_path / "demo.yaml", document())
    write(tmp_path / "archive" / "gone-v1.yaml", document("gone"))
    with pytest.raises(ContentError, match="'gone' v1 has no current version"):
        load_instruments(tmp_path)


def test_a_yml_file_is_refused_rather_than_skipped(tmp_path: Path) -> None:
    write(tmp_path / "demo.yaml", document())
    write(tmp_path / "archive" / "demo-v0.yml", document())
    with pytest.raises(ContentError, match="name instrument files"):
        load_instruments(tmp_path)


def test_a_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="folder is missing"):
        load_instruments(tmp_path / "nowhere")


def test_only_the_three_answer_values_are_understood() -> None:
    assert ANSWER_VALUES == ("yes", "no", "unknown")
