"""One check for every free text saved in a case, and one way to show it: no confidential location leaks.

A confidential location is hidden by default and every view of it is audited, but an
address typed into a note, an incident's "where" or a plan would reach everyone who can
read that text, every export and every PDF. So every service that saves free text in a
case calls free_text_check with the texts it is about to save:

- a text that names one of the case's confidential locations (safeplan.domain.redaction:
  its postcode, or its house number with its street) is refused, with a message that says
  how to refer to the place instead;
- a text that must stay as it is (an imported message, bail conditions that name a street)
  is passed in `keep`: it is saved, and shown redacted.

Every page, export and PDF shows free text through a Redactor (the `redact` template filter,
safeplan.cases.templatetags.confidential), which masks the case's locations, current and
past, so text saved before a location was recorded, or before this check existed, is
masked too. The unredacted text is shown only by an audited reveal (text_revealed) to a
user with a need to know.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case, ConfidentialLocation
from safeplan.cases.permissions import can_reveal_location
from safeplan.domain.redaction import find_confidential, redact

MASK = gettext_lazy("[confidential location]")
REFUSED = gettext_lazy(
    "This names a confidential location of the case. Write the kind of place instead, for example "
    "“the refuge”: the address is kept in the case's confidential locations, hidden, and every view "
    "of it is audited. If it is a new address, record it there as a confidential location."
)


@dataclass
class Redactor:
    """Mask a case's confidential locations in text. Counts what it masked, for the reveal button."""

    locations: tuple[str, ...] = ()
    # False only for the audited reveal: the text is shown as saved.
    active: bool = True
    masked: int = field(default=0, compare=False)

    def mask(self, text: str) -> str:
        """Return text with every confidential location of the case masked (unchanged when not active)."""
        if not self.active or not self.locations or not text:
            return text
        spans = find_confidential(text, self.locations)
        if not spans:
            return text
        self.masked += len(spans)
        return redact(text, self.locations, mask=str(MASK))

    @property
    def used(self) -> bool:
        """Return True if it masked something: the page then offers an audited reveal."""
        return self.masked > 0


def case_locations(case: Case) -> tuple[str, ...]:
    """Return the addresses of every confidential location of the case, current and past."""
    return tuple(ConfidentialLocation.objects.filter(case=case).values_list("address", flat=True))


def redactor_for(case: Case) -> Redactor:
    """Return the case's redactor, read once per case object (it decrypts the addresses)."""
    cached: Redactor | None = case.__dict__.get("_redactor")
    if cached is None:
        cached = Redactor(case_locations(case))
        case.__dict__["_redactor"] = cached
    return cached


def unredacted() -> Redactor:
    """Return a redactor that masks nothing: only for a view audited by text_revealed."""
    return Redactor(active=False)


def redacted_initial(case: Case, initial: Mapping[str, Any]) -> dict[str, Any]:
    """Return a form's initial values with the case's locations masked in every text.

    An edit form shows saved text to the same people as the page it edits, so it masks
    the same way; saving it stores the mask, which takes the address out of the record.
    """
    redactor = redactor_for(case)
    return {name: redactor.mask(value) if isinstance(value, str) else value for name, value in initial.items()}


def _texts(value: Any) -> Iterable[str]:
    """Yield every string inside a value: a string, or lists and mappings of them (plan parts, event fields)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _texts(item)


def free_text_check(*, actor: User, case: Case, texts: Mapping[str, Any], keep: Collection[str] = ()) -> frozenset[str]:
    """Refuse free text that names one of the case's confidential locations; return the kept fields that do.

    texts maps a form field name to what is about to be saved in it (a string, or lists and
    mappings of strings). A field in keep must stay as written (an imported message, bail
    conditions): it is not refused, and is returned so the caller may say so. Every other
    field that names a location is refused with ValidationError keyed by the field, and
    nothing is saved. Call it before the transaction that saves. A refusal is audited (the
    fields, never the text): someone typing address after address to learn which one is the
    victim's leaves a trail a supervisor can see.
    """
    locations = redactor_for(case).locations
    if not locations:
        return frozenset()
    named = {
        name
        for name, value in texts.items()
        if any(find_confidential(text, locations) for text in _texts(value) if text)
    }
    refused = sorted(name for name in named if name not in keep)
    if refused:
        record(
            actor=actor,
            verb=Verb.CONFIDENTIAL_TEXT_REFUSED,
            target=case,
            case_id=case.pk,
            detail={"fields": refused},
        )
        raise ValidationError(
            {name: ValidationError(str(REFUSED), code="names_confidential_location") for name in refused}
        )
    return frozenset(named)


def text_revealed(*, actor: User, case: Case, target: Any, what: str) -> Redactor:
    """Audit a need-to-know user reading a record's free text unredacted; return the redactor that shows it.

    Raise PermissionDenied for anyone without a need to know where the victim is.
    """
    if not can_reveal_location(actor, case):
        raise PermissionDenied
    record(actor=actor, verb=Verb.CONFIDENTIAL_TEXT_REVEALED, target=target, case_id=case.pk, detail={"what": what})
    return unredacted()
