"""Reads of the person index, shaped so that nothing of another case can reach the page.

What a user learns about another record of the same person is: that it exists, how sure the
match is, and which team owns it (within their agency), or only which agency knows the person
and whom to ask (across agencies). Never the other case's victim, address, reference or notes,
unless the user may open that case anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from safeplan.accounts.models import Role, User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Person
from safeplan.cases.selectors import visible_cases
from safeplan.domain.people import MATCH, NO, same_person
from safeplan.perpetrators.index import decisions_among, index_sync
from safeplan.perpetrators.models import Enquiry, IndexEntry, IndexName, MatchDecision, Perpetrator, SerialReview


@dataclass(frozen=True)
class OtherRecord:
    """Another record of the person, in the user's own agency."""

    entry_id: int
    status: str  # "match", "possible", "confirmed" or "linked" (through another record)
    team_id: int
    team_name: str
    source: str
    # Only when the user may open that case anyway (their own team's, or shared with them).
    case_id: int | None = None
    case_reference: str = ""

    @property
    def decidable(self) -> bool:
        return self.status in ("match", "possible", "confirmed")


@dataclass(frozen=True)
class OtherAgency:
    name: str
    contact: str


@dataclass
class IndexView:
    entry: IndexEntry
    perpetrator: Perpetrator
    records: list[OtherRecord] = field(default_factory=list)
    agencies: list[OtherAgency] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.records or self.agencies)

    @property
    def team_names(self) -> list[str]:
        return sorted({r.team_name for r in self.records})

    @property
    def flagged(self) -> bool:
        return self.perpetrator.flagged_at is not None


def _status(entry: IndexEntry, other: IndexEntry, decisions: dict[tuple[int, int], str]) -> str:
    pair = (entry.pk, other.pk) if entry.pk < other.pk else (other.pk, entry.pk)
    decision = decisions.get(pair)
    if decision == MatchDecision.Decision.CONFIRMED:
        return "confirmed"
    if decision == MatchDecision.Decision.REJECTED:
        return "rejected"
    found = same_person((entry.names(), entry.date_of_birth), (other.names(), other.date_of_birth))
    if found == NO:
        return "linked" if other.perpetrator_id == entry.perpetrator_id else "no"
    return "match" if found == MATCH else "possible"


def index_lookup(*, actor: User, entry: IndexEntry, case_id: int | None) -> IndexView:
    """Return what the actor may learn about the other records of the entry's person; audit a find.

    Candidates are the records sharing a normalised name with the entry, and every record of
    the same person. A rejected pair is left out; so is an agreeing name whose date of birth differs.
    """
    keys = IndexName.objects.filter(entry=entry).values("key")
    candidates = (
        (IndexEntry.objects.filter(keys__key__in=keys) | IndexEntry.objects.filter(perpetrator_id=entry.perpetrator_id))
        .exclude(pk=entry.pk)
        .distinct()
        .select_related("team__agency__point_of_contact", "person")
    )
    others = list(candidates)
    decisions = decisions_among([entry.pk])
    visible = set(
        visible_cases(actor)
        .filter(pk__in=[o.person.case_id for o in others if o.person is not None])
        .values_list("pk", "reference")
    )
    references = dict(visible)
    view = IndexView(entry=entry, perpetrator=entry.perpetrator)
    agencies: dict[int, OtherAgency] = {}
    for other in others:
        status = _status(entry, other, decisions)
        if status in ("no", "rejected"):
            continue
        agency = other.team.agency
        if agency.pk != actor.agency_id:
            contact = agency.point_of_contact
            agencies[agency.pk] = OtherAgency(name=agency.name, contact=str(contact) if contact else "")
            continue
        case_ref = other.person.case_id if other.person is not None else None
        view.records.append(
            OtherRecord(
                entry_id=other.pk,
                status=status,
                team_id=other.team_id,
                team_name=other.team.name,
                source=other.source,
                case_id=case_ref if case_ref in references else None,
                case_reference=references.get(case_ref, "") if case_ref is not None else "",
            )
        )
    view.agencies = sorted(agencies.values(), key=lambda a: a.name)
    if view.found:
        record(
            actor=actor,
            verb=Verb.PERSON_INDEX_MATCHED,
            target=entry,
            case_id=case_id,
            detail={
                "records": sorted(r.entry_id for r in view.records),
                "statuses": sorted(r.status for r in view.records),
                "other_agencies": len(view.agencies),
            },
        )
    return view


def entry_for_person(person: Person) -> IndexEntry | None:
    """Return the suspect's index entry, bringing the index up to date first."""
    if person.role != Person.Role.SUSPECT:
        return None
    index_sync([person.pk])
    return IndexEntry.objects.select_related("perpetrator").filter(person=person).first()


def can_supervise_serial(user: User) -> bool:
    return bool(user.is_active and user.role == Role.SUPERVISOR and user.agency_id and user.team_id)


def flagged_in_agency(user: User) -> QuerySet[Perpetrator]:
    """Return the flagged people with a record in the supervisor's agency, the longest unreviewed first."""
    if not can_supervise_serial(user):
        return Perpetrator.objects.none()
    agency_id = user.agency_id or 0
    last = SerialReview.objects.filter(perpetrator=OuterRef("pk"), agency_id=agency_id).order_by("-reviewed_at")
    shown_name = IndexEntry.objects.filter(perpetrator=OuterRef("pk"), team__agency_id=agency_id).order_by("pk")
    return (
        Perpetrator.objects.filter(flagged_at__isnull=False, entries__team__agency_id=agency_id)
        .distinct()
        .annotate(
            last_reviewed_at=Subquery(last.values("reviewed_at")[:1]),
            next_review_on=Subquery(last.values("next_review_on")[:1]),
            last_decision=Subquery(last.values("decision")[:1]),
            shown_name=Subquery(shown_name.values("full_name")[:1]),
            last_indexed=Max("entries__indexed_at"),
        )
        .order_by("next_review_on", "flagged_at", "pk")
    )


def review_due(perpetrator: Perpetrator, today: date | None = None) -> bool:
    """Return True when the person was never reviewed by the agency, or the next review date has come."""
    next_on = getattr(perpetrator, "next_review_on", None)
    return next_on is None or bool(next_on <= (today or timezone.localdate()))


def enquiries_to_team(user: User) -> QuerySet[Enquiry]:
    """Return the questions other teams asked the user's team about its records, unanswered first."""
    if not user.team_id:
        return Enquiry.objects.none()
    return (
        Enquiry.objects.filter(to_team_id=user.team_id)
        .select_related("from_user__team", "to_entry__person__case", "answered_by")
        .order_by(F("answered_at").asc(nulls_first=True), "-asked_at", "-pk")
    )
