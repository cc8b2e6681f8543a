"""The returns: Victims' Code compliance per right and quarter, the Clare's Law return, and the SafeLives
MARAC return per meeting, each counted in the database from the case records.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.cases.models import Person
from safeplan.disclosure.selectors import Figures
from safeplan.disclosure.selectors import figures as disclosure_figures
from safeplan.domain.workdays import london_day
from safeplan.marac.models import AgendaItem, MaracArea, MaracMeeting
from safeplan.reports.dashboard import OUTCOMES, Table, obligation_outcome, team_obligations
from safeplan.reports.models import AreaPopulation
from safeplan.reports.periods import Quarter
from safeplan.reports.rights import right_for
from safeplan.timeline.models import Obligation

# SafeLives' recommended MARAC volume: cases a year per 10,000 adult women.
SAFELIVES_RATE = 40


def compliance(user: User, quarters: list[Quarter]) -> Table:
    """Return notify obligations due in each quarter by Victims' Code right ("6 2026-Q3") and outcome.

    One grouped query per quarter (a fixed number), each on a plain range of due_at that the
    index serves, rather than truncating every row's date.
    """
    table = Table(OUTCOMES)
    now = timezone.now()
    for quarter in sorted(quarters):
        rows = (
            team_obligations(user)
            .filter(kind=Obligation.Kind.NOTIFY, due_at__gte=quarter.start, due_at__lt=quarter.end)
            .annotate(outcome=obligation_outcome(now))
            .values("event__type", "owner_role", "outcome")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            table.add(f"{right_for(row['event__type'], row['owner_role'])} {quarter}", row["outcome"], row["n"])
    table.rows.sort(key=lambda key: (int(key.split()[0]), key.split()[1]))
    return table


def clares_law(user: User, quarter: Quarter) -> Figures:
    """Return the Clare's Law figures of the requests received in the quarter (safeplan.disclosure.selectors)."""
    return disclosure_figures(user, received_from=quarter.start, received_before=quarter.end)


@dataclass
class MeetingReturn:
    meeting_id: int
    meets_on: date
    cases: int = 0
    repeats: int = 0
    referrers: Counter[str] = field(default_factory=Counter)
    children: int = 0
    minoritised: int = 0
    lgbt: int = 0
    disabled: int = 0
    male: int = 0
    aged_16_17: int = 0
    perpetrators_under_18: int = 0


@dataclass
class MaracReturn:
    area: MaracArea
    quarter: Quarter
    meetings: list[MeetingReturn]
    population: AreaPopulation | None
    cases_in_year: int  # the four quarters ending with this one, repeats included

    @property
    def cases(self) -> int:
        return sum(m.cases for m in self.meetings)

    @property
    def rate_in_year(self) -> float | None:
        """Cases in the year per 10,000 adult women, to compare with SafeLives' 40."""
        if self.population is None:
            return None
        return round(10_000 * self.cases_in_year / self.population.adult_women, 1)

    @property
    def expected_in_year(self) -> int | None:
        if self.population is None:
            return None
        return round(SAFELIVES_RATE * self.population.adult_women / 10_000)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def marac_return(area: MaracArea, quarter: Quarter) -> MaracReturn:
    """Return the quarter's MARAC return per meeting, in SafeLives' categories.

    Counts per meeting come from grouped queries; ages need the meeting's day, so the
    people of the quarter's cases are read once (a quarter of one MARAC: hundreds of rows,
    never the whole force) and counted here.
    """
    meetings = {
        m.pk: MeetingReturn(m.pk, london_day(m.meets_at))
        for m in MaracMeeting.objects.filter(area=area, meets_at__gte=quarter.start, meets_at__lt=quarter.end).order_by(
            "meets_at", "pk"
        )
    }
    items = AgendaItem.objects.filter(meeting_id__in=list(meetings))
    yes = "yes"
    for row in (
        items.values("meeting_id")
        .annotate(
            cases=Count("pk"),
            repeats=Count("pk", filter=Q(referral__grounds__icontains="repeat")),
            minoritised=Count("pk", filter=Q(case__equality__minoritised=yes)),
            lgbt=Count("pk", filter=Q(case__equality__lgbt=yes)),
            disabled=Count("pk", filter=Q(case__equality__disabled=yes)),
            male=Count("pk", filter=Q(case__equality__gender="male")),
        )
        .order_by()
    ):
        found = meetings[row["meeting_id"]]
        for name in ("cases", "repeats", "minoritised", "lgbt", "disabled", "male"):
            setattr(found, name, row[name])
    for row in items.values("meeting_id", "referral__referred_by__agency__kind").annotate(n=Count("pk")).order_by():
        meetings[row["meeting_id"]].referrers[row["referral__referred_by__agency__kind"] or "other"] += row["n"]
    on_agenda = list(items.values_list("meeting_id", "case_id"))
    people: dict[int, list[tuple[str, date | None]]] = {}
    for case_id, role, born in Person.objects.filter(
        case_id__in={case_id for _, case_id in on_agenda},
        role__in=[Person.Role.VICTIM, Person.Role.SUSPECT, Person.Role.CHILD],
    ).values_list("case_id", "role", "date_of_birth"):
        people.setdefault(case_id, []).append((role, born))
    for meeting_id, case_id in on_agenda:
        found = meetings[meeting_id]
        for role, born in people.get(case_id, []):
            if role == Person.Role.CHILD:
                found.children += 1
            elif born is not None and role == Person.Role.VICTIM and 16 <= age_on(born, found.meets_on) <= 17:
                found.aged_16_17 += 1
            elif born is not None and role == Person.Role.SUSPECT and age_on(born, found.meets_on) < 18:
                found.perpetrators_under_18 += 1
    year_start = quarter.previous.previous.previous.start
    cases_in_year = AgendaItem.objects.filter(
        meeting__area=area, meeting__meets_at__gte=year_start, meeting__meets_at__lt=quarter.end
    ).count()
    return MaracReturn(
        area=area,
        quarter=quarter,
        meetings=list(meetings.values()),
        population=AreaPopulation.objects.filter(area=area).order_by("-recorded_at", "-pk").first(),
        cases_in_year=cases_in_year,
    )
