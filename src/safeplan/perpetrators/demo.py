"""A synthetic serial perpetrator: the suspect on two demo cases of different victims, in two teams.

Made through the real services (the people are edited as an officer would), then the index is
brought up to date, so the flag, the supervisors' list and the case pages all show it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from safeplan.cases import services as case_services
from safeplan.cases.models import Case, Person
from safeplan.perpetrators import management
from safeplan.perpetrators.index import index_sync
from safeplan.perpetrators.models import Order

SERIAL_NAME = "Darren Quayle (synthetic)"
SERIAL_ALIAS = "Daz Quayle (synthetic)"
SERIAL_BORN = date(1984, 3, 9)


def serial_cases() -> list[Case]:
    """Return two open demo cases of different teams in one agency: the serial perpetrator's."""
    cases = list(
        Case.objects.filter(is_demo=True, status=Case.Status.OPEN, team__agency__kind="police")
        .select_related("team")
        .order_by("reference")
    )
    first = cases[0]
    second = next((c for c in cases[1:] if c.team_id != first.team_id), cases[1])
    return [first, second]


def load() -> int:
    """Make the serial perpetrator once; return how many cases name them. Running again changes nothing."""
    named = Person.objects.filter(case__is_demo=True, full_name=SERIAL_NAME).count()
    if named == 0 and Case.objects.filter(is_demo=True).count() >= 2:
        for number, case in enumerate(serial_cases()):
            suspect = case.people.filter(role=Person.Role.SUSPECT).first()
            if suspect is None:
                continue
            case_services.person_save(
                actor=case.responsible_officer,
                case=case,
                person=suspect,
                version=suspect.version,
                role="suspect",
                # The second case knows him by his alias and the name in another order.
                full_name=SERIAL_NAME if number == 0 else "QUAYLE, Darren (synthetic)",
                other_names="" if number == 0 else SERIAL_ALIAS,
                date_of_birth=SERIAL_BORN,
            )
    index_sync()
    _orders_and_release()
    return Person.objects.filter(case__is_demo=True, date_of_birth=SERIAL_BORN, role=Person.Role.SUSPECT).count()


def _orders_and_release() -> None:
    """Give the serial perpetrator an order ending soon, and a prisoner on another demo case a release date."""
    if Order.objects.filter(case__is_demo=True).exists() or Case.objects.filter(is_demo=True).count() < 3:
        return
    first, second = serial_cases()
    today = timezone.localdate()
    suspect = first.people.get(role=Person.Role.SUSPECT)
    management.order_record(
        actor=first.responsible_officer,
        case=first,
        person=suspect,
        kind=Order.Kind.RESTRAINING,
        conditions_plain="Synthetic: he must not contact her in any way, or go to her street or her work.",
        notification_duties="Synthetic: none",
        starts_on=today - timedelta(days=350),
        expires_on=today + timedelta(days=10),
    )
    prisoner_case = (
        Case.objects.filter(is_demo=True, status=Case.Status.OPEN, team__agency__kind="police")
        .exclude(pk__in=[first.pk, second.pk])
        .order_by("reference")
        .first()
    )
    if prisoner_case is None:
        return
    prisoner = prisoner_case.people.get(role=Person.Role.SUSPECT)
    management.custody_save(
        actor=prisoner_case.responsible_officer,
        case=prisoner_case,
        person=prisoner,
        status="sentenced",
        reason="Synthetic: release date from the prison's notice",
        expected_release_on=today + timedelta(days=21),
        licence_conditions="Synthetic: must live at approved premises; no contact with her",
        licence_ends_on=today + timedelta(days=400),
        managing_agency="Synthetic: probation",
        mappa_category="1",
        mappa_level="2",
    )
