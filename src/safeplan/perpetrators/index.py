"""Keep the person index in step with the cases, link entries into people, and flag serial perpetrators.

The index follows the cases lazily: every lookup first brings in the suspects added or changed
since the last one (a changed person has a new version), so no other app has to tell it
anything. Entries are linked when same_person says "match" or someone confirmed a possible
match, and never when someone rejected the pair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q, QuerySet
from django.utils import timezone

from safeplan.accounts.models import Team
from safeplan.cases.models import Person
from safeplan.domain.people import MATCH, NO, name_key, same_person
from safeplan.perpetrators.models import IndexEntry, IndexName, MatchDecision, Perpetrator, split_aliases


def name_keys(names: Iterable[str]) -> set[str]:
    """Return the normalised form of every name that has any letters or digits."""
    return {" ".join(key) for key in map(name_key, names) if key}


def _stale_suspects() -> QuerySet[Person]:
    current = IndexEntry.objects.filter(
        person=OuterRef("pk"), person_version=OuterRef("version"), team_id=OuterRef("case__team_id")
    )
    return Person.objects.filter(role=Person.Role.SUSPECT).exclude(Exists(current)).select_related("case")


def index_sync(people: Iterable[int] | None = None) -> None:
    """Bring the suspects added or changed since the last sync into the index, and drop those gone.

    Given people (Person ids), only those: what a case page needs, at a cost that does not grow
    with the number of cases (a case's pages are where its people are added and changed, so they
    are indexed as soon as they are saved). Without, everyone: the tick's sweep (bench_person_index).
    """
    touched: set[int] = set()
    new_entries: set[int] = set()
    gone = IndexEntry.objects.filter(source=IndexEntry.Source.SUSPECT).exclude(person__role=Person.Role.SUSPECT)
    stale = _stale_suspects()
    if people is not None:
        ids = list(people)
        gone = gone.filter(person_id__in=ids)
        stale = stale.filter(pk__in=ids)
    with transaction.atomic():
        for entry in gone:
            touched.add(entry.perpetrator_id)
            entry.delete()
        for person in stale:
            try:
                with transaction.atomic():
                    entry = _put(
                        lookup={"person": person},
                        source=IndexEntry.Source.SUSPECT,
                        team_id=person.case.team_id,
                        full_name=person.full_name,
                        other_names=person.other_names,
                        date_of_birth=person.date_of_birth,
                        started_at=person.case.created_at,
                        person_version=person.version,
                    )
            except IntegrityError:
                continue  # a concurrent sync indexed it first
            new_entries.add(entry.pk)
            touched.add(entry.perpetrator_id)
        if touched or new_entries:
            recluster(touched, new_entries)


def index_put_subject(
    *,
    disclosure_id: int,
    team: Team,
    full_name: str,
    other_names: str,
    date_of_birth: date | None,
    started_at: datetime,
) -> IndexEntry:
    """Put (or update) a Clare's Law request's subject in the index and link it; the caller holds the transaction."""
    with transaction.atomic():
        entry = _put(
            lookup={"disclosure_id": disclosure_id},
            source=IndexEntry.Source.DVDS_SUBJECT,
            team_id=team.pk,
            full_name=full_name,
            other_names=other_names,
            date_of_birth=date_of_birth,
            started_at=started_at,
            person_version=0,
        )
        recluster({entry.perpetrator_id}, {entry.pk})
    entry.refresh_from_db()
    return entry


def _put(*, lookup: dict[str, object], **values: object) -> IndexEntry:
    entry = IndexEntry.objects.filter(**lookup).first()
    if entry is None:
        entry = IndexEntry(**lookup, perpetrator=Perpetrator.objects.create())
    for name, value in values.items():
        setattr(entry, name, value)
    entry.save()
    keys = name_keys(entry.names())
    entry.keys.exclude(key__in=keys).delete()
    have = set(entry.keys.values_list("key", flat=True))
    IndexName.objects.bulk_create([IndexName(entry=entry, key=key) for key in sorted(keys - have)])
    return entry


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def decisions_among(entry_ids: Iterable[int]) -> dict[tuple[int, int], str]:
    ids = list(entry_ids)
    rows = MatchDecision.objects.filter(entry_a_id__in=ids) | MatchDecision.objects.filter(entry_b_id__in=ids)
    return {(row.entry_a_id, row.entry_b_id): row.decision for row in rows}


def linked(a: IndexEntry, b: IndexEntry, decisions: dict[tuple[int, int], str]) -> bool:
    """Return True when the index takes two entries as the same person."""
    decision = decisions.get(_pair(a.pk, b.pk))
    if decision is not None:
        return decision == MatchDecision.Decision.CONFIRMED
    return same_person((a.names(), a.date_of_birth), (b.names(), b.date_of_birth)) == MATCH


def recluster(perpetrator_ids: set[int], entry_ids: set[int]) -> None:
    """Recompute who is who among the given people and entries and everyone they could link to.

    A lookup widens once: anyone sharing a normalised name with a member, or with a decision
    about a member, and their whole person. Each connected group keeps the identity most of its
    entries had (so reviews, orders and plans stay with the person); an identity left with no
    entries hands what hangs on it to the group that took most of its entries.
    """
    seed = IndexEntry.objects.filter(Q(perpetrator_id__in=perpetrator_ids) | Q(pk__in=entry_ids))
    keys = IndexName.objects.filter(entry__in=seed).values("key")
    seed_ids = list(seed.values_list("pk", flat=True))
    decided = [pair for pair in decisions_among(seed_ids)]
    people = (
        set(perpetrator_ids)
        | set(seed.values_list("perpetrator_id", flat=True))
        | set(IndexEntry.objects.filter(keys__key__in=keys).values_list("perpetrator_id", flat=True))
        | set(
            IndexEntry.objects.filter(pk__in=[i for pair in decided for i in pair]).values_list(
                "perpetrator_id", flat=True
            )
        )
    )
    entries = list(IndexEntry.objects.filter(perpetrator_id__in=people).prefetch_related("keys"))
    decisions = decisions_among(e.pk for e in entries)
    parent = {e.pk: e.pk for e in entries}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[str, list[IndexEntry]] = {}
    for entry in entries:
        for key in entry.keys.all():
            by_key.setdefault(key.key, []).append(entry)
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if find(a.pk) != find(b.pk) and linked(a, b, decisions):
                    parent[find(a.pk)] = find(b.pk)
    for (first, second), decision in decisions.items():
        if decision == MatchDecision.Decision.CONFIRMED and first in parent and second in parent:
            parent[find(first)] = find(second)

    components: dict[int, list[IndexEntry]] = {}
    for entry in entries:
        components.setdefault(find(entry.pk), []).append(entry)
    taken: dict[int, int] = {}  # old identity -> component root that kept it
    assignment: dict[int, int] = {}  # component root -> identity
    for root, members in sorted(components.items(), key=lambda item: -len(item[1])):
        counts = Counter(e.perpetrator_id for e in members)
        keep = next((pid for pid, _n in sorted(counts.items(), key=lambda c: (-c[1], c[0])) if pid not in taken), None)
        if keep is None:
            keep = Perpetrator.objects.create().pk
        taken[keep] = root
        assignment[root] = keep
    moved_to: dict[int, Counter[int]] = {}
    for root, members in components.items():
        for entry in members:
            if entry.perpetrator_id != assignment[root]:
                moved_to.setdefault(entry.perpetrator_id, Counter())[assignment[root]] += 1
                IndexEntry.objects.filter(pk=entry.pk).update(perpetrator_id=assignment[root])
    for old, counter in moved_to.items():
        if old in taken:
            continue
        _hand_over(old, counter.most_common(1)[0][0])
    refresh_flags(set(assignment.values()))


def _hand_over(old: int, new: int) -> None:
    """Move whatever hangs on an identity (reviews, custody, plans) to another, and drop it if nothing is left.

    A row the other identity already has for the same agency (custody, a plan) stays where it is,
    and so does the old identity: nothing recorded is ever merged away or lost.
    """
    for relation in Perpetrator._meta.related_objects:
        if relation.related_model is IndexEntry:
            continue
        model: Any = relation.related_model
        for row in model._default_manager.filter(**{relation.field.name: old}):
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=row.pk).update(**{relation.field.name: new})
            except IntegrityError:
                continue
    try:
        with transaction.atomic():
            Perpetrator.objects.filter(pk=old, entries__isnull=True).delete()
    except ProtectedError:
        pass


def refresh_flags(perpetrator_ids: set[int], now: datetime | None = None) -> None:
    """Set each person's victim and request counts, and the serial flag: 2+ victims in the window."""
    now = now or timezone.now()
    since = now - timedelta(days=round(365.25 * settings.PERPETRATOR_SERIAL_YEARS))
    for perpetrator in Perpetrator.objects.filter(pk__in=perpetrator_ids):
        entries = list(perpetrator.entries.all())
        case_ids = {
            entry.person.case_id
            for entry in perpetrator.entries.filter(source=IndexEntry.Source.SUSPECT, started_at__gte=since)
            .select_related("person")
            .only("person__case_id")
            if entry.person is not None
        }
        victims = count_distinct_people(
            (p.full_name, p.other_names, p.date_of_birth)
            for p in Person.objects.filter(case_id__in=case_ids, role=Person.Role.VICTIM)
        )
        requests = sum(1 for entry in entries if entry.source == IndexEntry.Source.DVDS_SUBJECT)
        flagged = victims >= settings.PERPETRATOR_SERIAL_VICTIMS
        perpetrator.victim_count = victims
        perpetrator.request_count = requests
        if flagged and perpetrator.flagged_at is None:
            perpetrator.flagged_at = now
        elif not flagged:
            perpetrator.flagged_at = None
        perpetrator.save(update_fields=["victim_count", "request_count", "flagged_at"])


def count_distinct_people(people: Iterable[tuple[str, str, date | None]]) -> int:
    """Count people, taking any two whose names agree (and dates of birth do not differ) as one.

    One victim with two cases, her date of birth missing on one, is one victim: a serial flag
    needs different victims.
    """
    seen: list[tuple[list[str], date | None]] = []
    for full_name, other_names, born in people:
        names = [full_name, *split_aliases(other_names)]
        if not any(same_person((names, born), other) != NO for other in seen):
            seen.append((names, born))
    return len(seen)


def index_sweep() -> int:
    """Sync every suspect and refresh every flag (a flag ages out of its window); return the people flagged."""
    index_sync()
    refresh_flags(set(Perpetrator.objects.filter(flagged_at__isnull=False).values_list("pk", flat=True)))
    return Perpetrator.objects.filter(flagged_at__isnull=False).count()
