"""Which parts of the guidance the measures must cover, and which they do not yet cite.

DESIGN.md section 8: "The guidance's advice sections must be covered in full: every bullet of
the three example safety plans, the checklists for developing safety plans, for children and
the principles, the practical safety methods, and the advice paragraphs of 000, 001, 003 and
004." This module spells that out by document and section (as ``guidance_index`` names them)
so a reviewer can read exactly what is required and what is left out, and why.

- 000, 001, 003 and 004 are advice pages: every paragraph and bullet is required, except
  the ones in ``EXCLUDED`` (page furniture, background, links), each with its reason.
  Headings, and lines that only title the list after them ("If you are planning to leave:"),
  are never required; their items are. A few one-line headings carry advice and are cited.
- 002 is the police practice guide, mostly about process (the Victims' Code, bail, MARAC,
  disclosure), which other content covers. From it, ``REQUIRED_SECTIONS`` lists the
  checklists the design names and, beyond them, the safety-planning paragraphs that carry
  advice for a victim's plan (home security to children).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from safeplan.content.guidance_index import Unit, citable, normalise
from safeplan.content.measures import Measure

D000 = "000_f0078f8dceb5ac23.txt"
D001 = "001_c34657dd64b4a8ce.txt"
D002 = "002_a50e577e6c004e18.txt"
D003 = "003_fdc0483cc2b73ce6.txt"
D004 = "004_4b06071ec98fe06a.txt"


@dataclass(frozen=True)
class RequiredSection:
    """Every bullet and paragraph with this section is required."""

    doc: str
    section: str
    what: str


@dataclass(frozen=True)
class Exclusion:
    """Paragraphs with this section are not advice, so need no citation."""

    doc: str
    section: str
    reason: str


@dataclass(frozen=True)
class Requirement:
    """The units the measures must cite."""

    sections: tuple[RequiredSection, ...]
    whole_documents: tuple[str, ...]
    exclusions: tuple[Exclusion, ...]

    def requires(self, unit: Unit) -> bool:
        """Return True if the unit must be cited by some measure."""
        if unit.kind == "heading" or unit.lead_in:
            return False
        where = (unit.doc, unit.section)
        if unit.doc in self.whole_documents:
            return where not in {(exclusion.doc, exclusion.section) for exclusion in self.exclusions}
        return where in {(section.doc, section.section) for section in self.sections}

    def rules_matching_nothing(self, units: Iterable[Unit]) -> list[str]:
        """Return every required section or exclusion that names no unit (a typo would otherwise pass)."""
        present = {(unit.doc, unit.section) for unit in units if unit.kind != "heading"}
        rules = [(s.doc, s.section) for s in self.sections] + [(e.doc, e.section) for e in self.exclusions]
        return [f'{doc} "{section}"' for doc, section in rules if (doc, section) not in present]


_STAY = "If you are staying with your abuser:"
_LEAVE = "If you are planning to leave:"
_BAG = "have the following available in case you have to leave quickly:"
_SEPARATED = "If you are living without your abuser after separation (in your own home or after moving):"

REQUIRED_SECTIONS: tuple[RequiredSection, ...] = (
    # The three example safety plans.
    RequiredSection(D002, _STAY, "example plan: staying with the abuser"),
    RequiredSection(D002, _LEAVE, "example plan: planning to leave"),
    RequiredSection(D002, _BAG, "example plan: planning to leave, what to have ready"),
    RequiredSection(D002, _SEPARATED, "example plan: after separation"),
    # The checklists.
    RequiredSection(
        D002,
        "Domestic abuse officers advising victims and managing safety provisions in plans should:",
        "Checklist: Developing safety plans with victims",
    ),
    RequiredSection(
        D002, "Domestic abuse officers should encourage victims to:", "Checklist: Safety planning and children"
    ),
    RequiredSection(D002, "Safety planning should be formulated to:", "Checklist: Principles of safety planning"),
    RequiredSection(D002, "Practical safety methods may include:", "practical safety methods"),
    # The safety-planning paragraphs, from "Improving home security" to the children checklist.
    RequiredSection(
        D002,
        "Domestic abuse frequently continues post separation and victims and their children are",
        "risk after separation",
    ),
    RequiredSection(
        D002, "Crime prevention officers (or their local equivalent) should be made available to", "home security"
    ),
    RequiredSection(D002, "A referral to the fire service can be useful if it is", "arson risk"),
    RequiredSection(
        D002, "Cocoon watch schemes request the help and support of neighbours, family and", "cocoon watch"
    ),
    RequiredSection(D002, "Police watch schemes provide a visible police presence to both the victim", "police watch"),
    RequiredSection(
        D002,
        "Sanctuary schemes are victim-centred initiatives which are implemented to prevent homelessness by enabling"
        " victims of domestic abuse to remain in their own accommodation where:",
        "sanctuary schemes: when",
    ),
    RequiredSection(D002, "They are used as part of a broader package of support for", "sanctuary schemes"),
    RequiredSection(D002, "The main feature of a scheme is the creation of a ‘sanctuary", "sanctuary room"),
    RequiredSection(
        D002, "The schemes are designed to meet the needs and circumstances of the", "sanctuary: not for all"
    ),
    RequiredSection(
        D002, "Addresses with sanctuary schemes installed should be clearly flagged on the IT", "address flag"
    ),
    RequiredSection(
        D002,
        "Personal safety devices/handsets use the latest mobile phone technologies to prioritise emergency",
        "devices",
    ),
    RequiredSection(
        D002, "Proximity tagging of perpetrators involves fitting the perpetrator with a device that", "tags"
    ),
    RequiredSection(
        D002, "Safety planning is a process by which the victim may consult appropriate", "what planning is"
    ),
    RequiredSection(D002, "The police have a role in helping to develop and support safety", "who plans"),
    RequiredSection(
        D002, "Supervisors should ensure that during the safety planning process, officers consider and", "hardening"
    ),
    RequiredSection(
        D002, "Where applicable, the most effective way of improving the victim’s safety is", "location secret"
    ),
    RequiredSection(
        D002, "Safety plans should use existing resources and protective factors to establish measures", "resources"
    ),
    RequiredSection(D002, "Many victims will already have safety planning measures in place.", "build on what exists"),
    RequiredSection(D002, "Safety plans need to remain dynamic and should have review periods built", "reviews"),
    RequiredSection(
        D002, "Domestic abuse specialist officers should provide practical advice to victims as an", "weapons"
    ),
    RequiredSection(
        D002, "Officers should remind victims that computers (in particular, internet logs), telephone bills", "traces"
    ),
    RequiredSection(
        D002, "Victims should be made aware that satellite navigation systems (satnavs) can present", "satnavs"
    ),
    RequiredSection(D002, "Many smartphones and other mobile devices have location services which can be", "location"),
    RequiredSection(
        D002, "Some police forces have home and/or personal alarm systems with direct connections", "alarms"
    ),
    RequiredSection(D002, "Young people aged 16 or 17 years old may be victims of", "young victims"),
    RequiredSection(
        D002, "The victim may wish to consider applying for a civil order to", "orders, routine, work, school"
    ),
    RequiredSection(
        D002, "The Corporate Alliance works with employers to support employees affected by domestic", "employers"
    ),
    RequiredSection(D002, "Witnessing domestic abuse can be very damaging to children and such incidents", "children"),
)

WHOLE_DOCUMENTS: tuple[str, ...] = (D000, D001, D003, D004)

EXCLUDED: tuple[Exclusion, ...] = (
    Exclusion(
        D000, "The initiative is named after 36-year-old Clare Wood who was murdered by", "background story, no advice"
    ),
    Exclusion(
        D000, "Clare had told her father George had a criminal record, though only", "background story, no advice"
    ),
    Exclusion(D003, "We use some essential cookies to make our website work.", "cookie banner"),
    Exclusion(D003, "You can manage your preferences and cookie settings at any time by", "cookie banner"),
    Exclusion(D003, "Your cookie preferences have been saved.", "cookie banner"),
    Exclusion(D003, "Sorry, there was a technical problem.", "site error message"),
    Exclusion(D003, "This site is a beta, which means it's a work in progress", "site notice"),
    Exclusion(D003, "In this section:", "page navigation"),
    Exclusion(D003, "Find out how:", "a link whose content was not captured"),
    Exclusion(
        D004, "Use the P for protection puzzle (PDF) [280KB] as a quick aide", "a link to a resource not in the seeds"
    ),
)

REQUIRED = Requirement(sections=REQUIRED_SECTIONS, whole_documents=WHOLE_DOCUMENTS, exclusions=EXCLUDED)


def cited(measures: Iterable[Measure], units: Iterable[Unit]) -> set[Unit]:
    """Return the units that some measure's sources name."""
    table = citable(units)
    found: set[Unit] = set()
    for measure in measures:
        for source in measure.sources:
            found.update(table.get((source.doc, normalise(source.section), source.item), []))
    return found


def uncited(measures: Iterable[Measure], units: Iterable[Unit], required: Requirement = REQUIRED) -> list[Unit]:
    """Return the required units that no measure cites, in document order."""
    units = list(units)
    covered = cited(measures, units)
    return [unit for unit in units if required.requires(unit) and unit not in covered]
