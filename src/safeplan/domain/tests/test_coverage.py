"""The measures cover every advice section of the guidance (DESIGN.md section 8)."""

from __future__ import annotations

from collections import Counter

from safeplan.content import guidance_index
from safeplan.content.measures import Measure, knowledge_base
from safeplan.domain.coverage import D002, EXCLUDED, REQUIRED, REQUIRED_SECTIONS, WHOLE_DOCUMENTS, uncited

MEASURES = knowledge_base().measures
UNITS = guidance_index.all_units()


def test_every_required_bullet_and_paragraph_is_cited_by_a_measure() -> None:
    missing = uncited(MEASURES, UNITS)
    listing = "\n".join(unit.describe() for unit in missing)
    assert not missing, f"{len(missing)} required parts of the guidance are cited by no measure:\n{listing}"


def test_it_reports_a_bullet_once_no_measure_cites_it() -> None:
    (target,) = guidance_index.resolve(D002, "If you are staying with your abuser:", 8)  # passwords, with its caution

    def without_target(measure: Measure) -> Measure:
        kept = tuple(
            source
            for source in measure.sources
            if target not in guidance_index.resolve(source.doc, source.section, source.item)
        )
        return measure.model_copy(update={"sources": kept})

    assert target not in uncited(MEASURES, UNITS)
    assert uncited([without_target(measure) for measure in MEASURES], UNITS) == [target]


def test_a_citation_by_the_checklist_heading_counts() -> None:
    (target,) = guidance_index.resolve(D002, "Domestic abuse officers should encourage victims to:", 5)
    (citing,) = [m for m in MEASURES if any(s.item == 5 and "encourage victims to" in s.section for s in m.sources)]
    by_heading = citing.model_copy(
        update={
            "sources": (citing.sources[0].model_copy(update={"section": "Checklist: Safety planning and children"}),)
        }
    )
    others = [m.model_copy(update={"sources": ()}) for m in MEASURES if m is not citing]
    assert target not in uncited([*others, by_heading], UNITS)


def test_every_bullet_of_the_three_example_plans_and_the_checklists_is_required() -> None:
    required = [unit for unit in UNITS if REQUIRED.requires(unit)]
    counts = Counter(unit.section for unit in required if unit.kind == "bullet" and unit.doc == D002)
    assert counts["If you are staying with your abuser:"] == 9
    assert counts["If you are planning to leave:"] == 9
    assert counts["have the following available in case you have to leave quickly:"] == 9
    assert counts["If you are living without your abuser after separation (in your own home or after moving):"] == 12
    assert counts["Domestic abuse officers advising victims and managing safety provisions in plans should:"] == 17
    assert counts["Domestic abuse officers should encourage victims to:"] == 6
    assert counts["Safety planning should be formulated to:"] == 12
    assert counts["Practical safety methods may include:"] == 6


def test_every_bullet_and_paragraph_of_the_advice_pages_is_required_unless_excluded_with_a_reason() -> None:
    excluded = {(e.doc, e.section) for e in EXCLUDED}
    for unit in UNITS:
        if unit.doc in WHOLE_DOCUMENTS and unit.kind != "heading" and not unit.lead_in:
            assert REQUIRED.requires(unit) == ((unit.doc, unit.section) not in excluded), unit.describe()
    assert all(exclusion.reason.strip() for exclusion in EXCLUDED)


def test_headings_and_list_titles_are_never_required() -> None:
    assert not [u for u in UNITS if (u.kind == "heading" or u.lead_in) and REQUIRED.requires(u)]


def test_every_required_section_and_exclusion_names_something_in_the_guidance() -> None:
    # A typo here would silently require, or excuse, nothing.
    assert REQUIRED.rules_matching_nothing(UNITS) == []
    assert len({(s.doc, s.section) for s in REQUIRED_SECTIONS}) == len(REQUIRED_SECTIONS)


def test_no_two_required_units_share_a_citation() -> None:
    keys = Counter(unit.key for unit in UNITS if REQUIRED.requires(unit))
    assert [key for key, count in keys.items() if count > 1] == []
