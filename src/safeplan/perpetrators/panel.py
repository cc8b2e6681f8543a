"""The person index section of the case page: for each suspect, the other records of them."""

from __future__ import annotations

from typing import Any

from safeplan.accounts.models import User
from safeplan.cases.models import Case, Person
from safeplan.cases.permissions import can_edit
from safeplan.perpetrators.models import ReleaseTrigger
from safeplan.perpetrators.selectors import entry_for_person, index_lookup


def index_panel_context(case: Case, user: User) -> dict[str, Any]:
    rows = []
    # A release date that reached this case and is not yet recorded on it.
    releases = {
        trigger.custody.perpetrator_id: trigger.release_on
        for trigger in ReleaseTrigger.objects.filter(case=case, event_id__isnull=True).select_related("custody")
    }
    for person in case.people.all():
        if person.role != Person.Role.SUSPECT:
            continue
        entry = entry_for_person(person)
        if entry is None:
            continue
        rows.append(
            {
                "person": person,
                "view": index_lookup(actor=user, entry=entry, case_id=case.pk),
                "release": releases.get(entry.perpetrator_id),
            }
        )
    return {"index": {"rows": rows, "can_edit": can_edit(user, case)}}
