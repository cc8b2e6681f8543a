"""Open obligations when a case closes: each gets an outcome, so none vanishes from the queues.

A case with open obligations does not close (cases.closing asks here). Each open obligation is
given an outcome with a note: done (for an obligation to tell the victim: another agency told
her, or she asked not to be told) or not needed, with the reason. All are settled together in
one transaction, each audited, or none is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases import permissions
from safeplan.cases.closing import OpenItem
from safeplan.cases.freetext import free_text_check
from safeplan.cases.models import Case
from safeplan.timeline.models import Obligation
from safeplan.timeline.selectors import open_obligations
from safeplan.timeline.services import MIN_NOTE

DONE = "done"
NOT_NEEDED = "not_needed"
# What each outcome records. An obligation to tell the victim is "done" only if she was told:
# that is recorded as a contact (checked against her arrangement), not here.
OUTCOMES: dict[str, list[tuple[str, Any]]] = {
    Obligation.Kind.NOTIFY: [
        (Obligation.Completion.TOLD_BY_OTHER_AGENCY, Obligation.Completion.TOLD_BY_OTHER_AGENCY.label),
        (Obligation.Completion.VICTIM_OPTED_OUT, Obligation.Completion.VICTIM_OPTED_OUT.label),
        (NOT_NEEDED, gettext_lazy("Not needed any more")),
    ],
    Obligation.Kind.MARAC_DECISION: [(NOT_NEEDED, gettext_lazy("Not needed any more"))],
}
DEFAULT_OUTCOMES: list[tuple[str, Any]] = [
    (DONE, gettext_lazy("Done")),
    (NOT_NEEDED, gettext_lazy("Not needed any more")),
]


def outcomes_for(obligation: Obligation) -> list[tuple[str, Any]]:
    return OUTCOMES.get(obligation.kind, DEFAULT_OUTCOMES)


def open_obligation_items(case: Case) -> list[OpenItem]:
    """Return the case's open obligations as items that stop it closing (cases.closing)."""
    url = reverse("timeline:settle", args=[case.pk])
    return [
        OpenItem(
            label=_("%(kind)s, due %(due)s")
            % {"kind": obligation.get_kind_display(), "due": f"{timezone.localtime(obligation.due_at):%d %b %Y}"},
            settle_url=url,
        )
        for obligation in open_obligations(case)
    ]


def obligations_settle(*, actor: User, case: Case, outcomes: Mapping[int, tuple[str, str]]) -> list[Obligation]:
    """Give every open obligation of the case an outcome with a note, together; return them.

    outcomes maps an open obligation's id to (outcome, note). Every open obligation needs one
    (a task opened since the page was shown is reported, not settled blindly); nothing is saved
    unless all are valid.
    """
    if not permissions.can_edit(actor, case):
        raise PermissionDenied
    waiting = list(open_obligations(case))
    errors: dict[str, list[str]] = {}
    for obligation in waiting:
        outcome, note = outcomes.get(obligation.pk, ("", ""))
        if outcome not in dict(outcomes_for(obligation)):
            errors[f"outcome_{obligation.pk}"] = [_("Choose an outcome for this task.")]
        if len(note.strip()) < MIN_NOTE:
            errors[f"note_{obligation.pk}"] = [
                _("Explain the outcome, in at least %(min)d characters.") % {"min": MIN_NOTE}
            ]
    if not waiting:
        errors["__all__"] = [_("Nothing is open on this case.")]
    if errors:
        raise ValidationError(errors)
    free_text_check(actor=actor, case=case, texts={f"note_{o.pk}": outcomes[o.pk][1] for o in waiting})
    now = timezone.now()
    with transaction.atomic():
        for obligation in waiting:
            outcome, note = outcomes[obligation.pk]
            completion = Obligation.Completion.MANUAL if outcome == DONE else Obligation.Completion(outcome)
            done = Obligation.objects.filter(pk=obligation.pk, done_at__isnull=True).update(
                done_at=now, done_by=actor, completion=completion, completion_note=note.strip()
            )
            if not done:
                raise ValidationError(_("Someone else has just dealt with one of these tasks. Check the list again."))
            record(
                actor=actor,
                verb=Verb.OBLIGATION_COMPLETED,
                target=obligation,
                case_id=case.pk,
                detail={"kind": obligation.kind, "completion": completion.value, "case_closing": True},
            )
    return waiting
