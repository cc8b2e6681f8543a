"""Scan the free text already saved in cases for confidential locations; report, and mask what may change.

Text saved before a location was recorded, or before safeplan.cases.freetext checked every
save, may name the victim's address. Pages, exports and PDFs mask it whatever is stored;
this scan takes it out of the records themselves where they may change, so a later copy
(a backup, a database export) does not carry it either. Append-only records (assessments,
incidents, plan versions) are never changed: they are reported, and stay masked wherever
they are shown.

Each app registers its free-text fields in AppConfig.ready():

    textscan.register(CaseEvent, ("details",), case_field="case", mutable=True)

The report names cases by reference, and models and fields by name: never the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models, transaction

from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.freetext import MASK, case_locations
from safeplan.cases.models import Case, ConfidentialLocation
from safeplan.domain.redaction import find_confidential, redact

SYSTEM = "system"


@dataclass(frozen=True)
class TextFields:
    model: type[models.Model]
    fields: tuple[str, ...]
    # The path from the model to its case ("case", "plan__case").
    case_field: str
    # False for append-only records: reported, never changed.
    mutable: bool

    @property
    def label(self) -> str:
        return f"{self.model._meta.app_label}.{self.model.__name__}"


REGISTRY: list[TextFields] = []


def register(model: type[models.Model], fields: tuple[str, ...], *, case_field: str, mutable: bool) -> None:
    """Add a model's free-text fields to the scan (from an app's AppConfig.ready())."""
    entry = TextFields(model, fields, case_field, mutable)
    if entry not in REGISTRY:
        REGISTRY.append(entry)


@dataclass(frozen=True)
class Finding:
    reference: str
    label: str
    pk: int
    field: str
    mutable: bool
    masked: bool


def scan(*, mask: bool = False) -> Iterator[Finding]:
    """Yield every registered text field that names a location of its case; mask the mutable ones if asked."""
    case_ids = ConfidentialLocation.objects.values_list("case_id", flat=True).distinct()
    for case in Case.objects.filter(pk__in=case_ids).order_by("pk"):
        locations = case_locations(case)
        for entry in REGISTRY:
            rows = entry.model._default_manager.filter(**{entry.case_field: case.pk}).order_by("pk")
            for row in rows.iterator():
                for field in entry.fields:
                    text = getattr(row, field)
                    if not isinstance(text, str) or not find_confidential(text, locations):
                        continue
                    masked = mask and entry.mutable
                    if masked:
                        _mask(case, entry, row, field, redact(text, locations, mask=str(MASK)))
                    yield Finding(case.reference, entry.label, row.pk, field, entry.mutable, masked)


def _mask(case: Case, entry: TextFields, row: models.Model, field: str, masked: str) -> None:
    with transaction.atomic():
        entry.model._default_manager.filter(pk=row.pk).update(**{field: masked})
        record(
            actor=None,
            actor_label=SYSTEM,
            verb=Verb.CONFIDENTIAL_TEXT_REDACTED,
            target=row,
            case_id=case.pk,
            detail={"model": entry.label, "field": field},
        )
