"""The guidance copies, the guidance index, and the knowledge base of measures."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from safeplan.content import guidance_index
from safeplan.content.guidance_index import GUIDANCE_DIR, Unit, parse
from safeplan.content.loader import LOADERS, ContentError
from safeplan.content.measures import (
    CONDITIONS,
    MEASURES_FOLDER,
    PLAN_PARTS,
    KnowledgeBase,
    knowledge_base,
    load_files,
)

REPO = Path(__file__).resolve().parents[4]
SHARED_SEEDS = REPO.parent / "shared" / "seeds"
D000 = "000_f0078f8dceb5ac23.txt"
D001 = "001_c34657dd64b4a8ce.txt"
D002 = "002_a50e577e6c004e18.txt"


# The copies of the guidance


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="shared/seeds is not beside this checkout")
def test_the_guidance_copies_are_identical_to_the_shared_seeds() -> None:
    shared = sorted(path.name for path in SHARED_SEEDS.iterdir() if path.is_file())
    copied = sorted(path.name for path in GUIDANCE_DIR.iterdir() if path.is_file())
    assert copied == shared
    for name in shared:
        assert (GUIDANCE_DIR / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


def test_the_five_guidance_documents_are_shipped() -> None:
    assert len(guidance_index.documents()) == 5
    assert all(guidance_index.units(doc) for doc in guidance_index.documents())


# The index: the rules in guidance_index's docstring, one by one


def units_of(text: str) -> list[Unit]:
    return parse("t.txt", textwrap.dedent(text))


def test_a_short_line_without_end_punctuation_is_a_heading() -> None:
    found = units_of("Staying safe\n\nThis is advice.\n\nA lead-in:\n")
    assert [(u.kind, u.section) for u in found] == [
        ("heading", "Staying safe"),
        ("paragraph", "This is advice."),
        ("paragraph", "A lead-in:"),
    ]


def test_a_labelled_paragraph_is_cited_by_its_label() -> None:
    (found,) = units_of("Tell someone:\u00a0Is there a friend you trust? Tell them.\n")
    assert (found.kind, found.section) == ("paragraph", "Tell someone")


def test_a_paragraph_is_cited_by_its_first_sentence_cut_to_twelve_words() -> None:
    short, long = units_of(
        "Check the privacy settings on your accounts. Then more.\n\n"
        "One two three four five six seven eight nine ten eleven twelve thirteen fourteen.\n"
    )
    assert short.section == "Check the privacy settings on your accounts."
    assert long.section == "One two three four five six seven eight nine ten eleven twelve"


def test_a_list_is_cited_by_its_lead_in_and_numbered_from_one() -> None:
    found = units_of(
        """\
        Example plans

        If you are planning to leave:

          • first
          • second
        """
    )
    lead_in, first, second = found[1:]
    assert (lead_in.section, lead_in.item, lead_in.lead_in) == ("If you are planning to leave:", None, True)
    assert [(u.section, u.item, u.text) for u in (first, second)] == [
        ("If you are planning to leave:", 1, "first"),
        ("If you are planning to leave:", 2, "second"),
    ]


def test_a_list_after_a_labelled_lead_in_is_cited_by_the_label() -> None:
    found = units_of("In an emergency: Ring 999. You could also:\n\n  • plan a route\n  • move rooms\n")
    assert [(u.section, u.item) for u in found] == [
        ("In an emergency", None),
        ("In an emergency", 1),
        ("In an emergency", 2),
    ]
    assert not found[0].lead_in  # it carries advice of its own


def test_a_list_after_ordinary_prose_is_cited_by_the_nearest_heading() -> None:
    found = units_of("Making a plan\n\nYou know your situation best.\n\n  • plan ahead\n")
    assert (found[-1].section, found[-1].item) == ("Making a plan", 1)


def test_a_deeper_bullet_starts_a_sub_list_titled_by_its_parent() -> None:
    found = units_of(
        """\
        If you are planning to leave:

            • take care
            • have the following ready:
              • papers
              • money
            • take a photo
        """
    )
    bullets = [(u.section, u.item, u.text) for u in found if u.kind == "bullet"]
    assert bullets == [
        ("If you are planning to leave:", 1, "take care"),
        ("If you are planning to leave:", 2, "have the following ready:"),
        ("have the following ready:", 1, "papers"),
        ("have the following ready:", 2, "money"),
        ("If you are planning to leave:", 3, "take a photo"),
    ]


def test_whitespace_inside_a_line_counts_as_one_space() -> None:
    (found,) = units_of("  Trigger points\u00a0for   planning include:  \n")
    assert found.text == "Trigger points for planning include:"


def test_a_list_can_also_be_cited_by_its_heading_when_it_is_the_only_list_under_it() -> None:
    found = units_of(
        """\
        Checklist: One list

        Officers should:

          • a
          • b

        Two lists

        First:

          • c

        Second:

          • d
        """
    )
    table = guidance_index.citable(found)
    assert [u.text for u in table[("t.txt", "Checklist: One list", 2)]] == ["b"]
    assert ("t.txt", "Two lists", 1) not in table


def test_the_real_documents_give_the_expected_citations() -> None:
    def texts(doc: str, section: str) -> list[str]:
        return [u.text for u in guidance_index.units(doc) if u.section == section and u.kind == "bullet"]

    assert len(texts(D002, "If you are staying with your abuser:")) == 9
    assert len(texts(D002, "If you are planning to leave:")) == 9
    assert len(texts(D002, "have the following available in case you have to leave quickly:")) == 9
    separated = "If you are living without your abuser after separation (in your own home or after moving):"
    assert len(texts(D002, separated)) == 12
    assert (
        len(texts(D002, "Domestic abuse officers advising victims and managing safety provisions in plans should:"))
        == 17
    )
    assert texts(D001, "In an emergency")[3] == "Teach your children how to call 999 in an emergency"
    assert texts(D000, "How to contact Essex Police about domestic abuse:")[2].startswith("101")
    # The checklist's heading names the same items.
    (by_heading,) = guidance_index.resolve(D002, "Checklist: Safety planning and children", 2)
    assert by_heading.text == "rehearse escape plans with children"


def test_resolve_ignores_how_whitespace_is_typed_and_rejects_what_is_not_there() -> None:
    assert guidance_index.resolve(D002, "Trigger points\u00a0for risk assessment and safety planning include:", 4)
    assert not guidance_index.resolve(D002, "If you are planning to leave:", 10)
    assert not guidance_index.resolve(D002, "If you are planning to leave", 10)


# The knowledge base


def test_the_knowledge_base_loads_and_is_registered_for_the_start_up_check() -> None:
    assert LOADERS["measures"] is knowledge_base
    measures = knowledge_base().measures
    assert 80 <= len(measures) <= 150


def test_every_plan_part_has_measures() -> None:
    used = {measure.plan_part for measure in knowledge_base().measures}
    assert used == set(PLAN_PARTS)


def test_every_item_of_the_guidance_bag_list_is_a_bag_measure() -> None:
    bag_list = "have the following available in case you have to leave quickly:"
    cited_by_bag_measures = {
        source.item
        for measure in knowledge_base().measures
        if measure.plan_part == "emergency_bag"
        for source in measure.sources
        if source.section == bag_list
    }
    assert cited_by_bag_measures == set(range(1, 10))


def test_the_texts_are_our_own_words() -> None:
    # Seven words in a row shared with the guidance would be copying, not paraphrase.
    def grams(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
        return {tuple(words[i : i + 7]) for i in range(len(words) - 6)}

    guidance = set().union(*(grams(u.text) for u in guidance_index.all_units()))
    copied = []
    for measure in knowledge_base().measures:
        texts = [measure.title, measure.survivor, measure.professional, *(c.reason for c in measure.cautions)]
        for text in texts:
            shared = grams(text.get("en")) & guidance
            if shared:
                copied.append(f"{measure.id}: {' '.join(sorted(shared)[0])}")
    assert not copied, "\n".join(copied)


# The loader's checks: each bad file fails loudly


GOOD = {
    "id": "a_measure",
    "title": {"en": "A measure"},
    "survivor": {"en": "Do this."},
    "professional": {"en": "Help them do this."},
    "situations": ["any"],
    "topics": ["emergency"],
    "actors": ["victim"],
    "plan_part": "general",
    "cautions": [{"when": "abuser_checks_accounts", "severity": "warn", "reason": {"en": "Careful."}}],
    "sources": [{"doc": D002, "section": "If you are staying with your abuser:", "item": 8}],
}


def load(tmp_path: Path, *measures: dict[str, object]) -> KnowledgeBase:
    (tmp_path / "one.yaml").write_text(yaml.safe_dump({"measures": list(measures)}), encoding="utf-8")
    return load_files(tmp_path)


def test_a_good_file_loads(tmp_path: Path) -> None:
    (measure,) = load(tmp_path, GOOD).measures
    assert measure.cautions[0].when == ("abuser_checks_accounts",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cautions": [{"when": "abuser_check_accounts", "severity": "warn", "reason": {"en": "x"}}]}, "unknown"),
        ({"cautions": [{"when": [], "severity": "warn", "reason": {"en": "x"}}]}, "at least one condition"),
        ({"cautions": [{"when": "works", "severity": "maybe", "reason": {"en": "x"}}]}, "severity"),
        ({"applies_when": ["has_childen"]}, "unknown condition"),
        ({"topics": ["cooking"]}, "unknown topic"),
        ({"topics": []}, "topics must not be empty"),
        ({"actors": ["neighbour"]}, "unknown actor"),
        ({"situations": ["married"]}, "unknown situation"),
        ({"situations": ["any", "after_separation"]}, "stands alone"),
        ({"plan_part": "kitchen"}, "unknown plan_part"),
        ({"sources": []}, "sources"),
        ({"survivor": {"fr": "Bonjour"}}, "language"),
        ({"topics": ["children"]}, "a measure about children"),
        ({"plan_part": "child_contact_handover"}, "a measure about children"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_a_bad_measure_fails_to_load(tmp_path: Path, change: dict[str, object], message: str) -> None:
    with pytest.raises(ContentError, match=message):
        load(tmp_path, {**GOOD, **change})


def test_duplicate_ids_fail_to_load_even_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(yaml.safe_dump({"measures": [GOOD]}), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(yaml.safe_dump({"measures": [GOOD]}), encoding="utf-8")
    with pytest.raises(ContentError, match="duplicate measure ids: \\['a_measure'\\]"):
        load_files(tmp_path)


@pytest.mark.parametrize(
    "source",
    [
        {"doc": D002, "section": "If you are staying with your abuser:", "item": 10},
        {"doc": D002, "section": "If you are staying with your abusers:", "item": 1},
        {"doc": "009_0000000000000000.txt", "section": "Anything"},
    ],
)
def test_a_source_that_names_nothing_in_the_guidance_fails_to_load(tmp_path: Path, source: dict[str, object]) -> None:
    with pytest.raises(ContentError, match="has no passage"):
        load(tmp_path, {**GOOD, "sources": [source]})


def test_a_measure_about_children_loads_when_it_applies_only_to_parents(tmp_path: Path) -> None:
    (measure,) = load(tmp_path, {**GOOD, "topics": ["children"], "applies_when": "has_children"}).measures
    assert measure.applies_when == ("has_children",)


def test_the_shipped_measures_folder_is_the_one_loaded() -> None:
    assert (GUIDANCE_DIR.parent / MEASURES_FOLDER).is_dir()
    assert "shares_home_with_abuser" in CONDITIONS
