"""Show a refused stale save (safeplan.versioned): what the other person saved beside what this one typed.

The form keeps everything the person typed and moves on to the version now stored, so saving
it again is a decision taken after seeing the other change, never an accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _

from safeplan.audit.selectors import last_event_on
from safeplan.cases.models import Case
from safeplan.versioned import NEW, StaleVersion


@dataclass(frozen=True)
class ConflictRow:
    label: str
    saved: str
    yours: str


@dataclass(frozen=True)
class Conflict:
    rows: list[ConflictRow]
    by: str
    at: datetime | None
    # The record is gone: a draft saved as a version or discarded.
    gone: bool


def _comparable(field: forms.Field, value: Any) -> Any:
    if isinstance(field, forms.BooleanField):
        return bool(value)
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(sorted(str(item) for item in value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _shown(field: forms.Field, value: Any) -> str:
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    labels = {str(code): str(label) for code, label in getattr(field, "choices", [])}
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(labels.get(str(item), str(item)) for item in value) or _("Nothing")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    text = str(value or "").strip()
    return labels.get(text, text) or _("Nothing")


def conflict_rows(form: forms.Form, saved: forms.Form | None) -> list[ConflictRow]:
    """Return the fields where what is stored now (saved's initial values) differs from what was typed."""
    rows = []
    for name, field in form.fields.items():
        if field.widget.is_hidden or name not in form.cleaned_data:
            continue
        yours = form.cleaned_data[name]
        theirs = saved.get_initial_for_field(saved.fields[name], name) if saved and name in saved.fields else None
        if isinstance(field, forms.DateField) and isinstance(theirs, str) and theirs:
            theirs = field.to_python(theirs)
        if _comparable(field, theirs) != _comparable(field, yours):
            rows.append(ConflictRow(label=str(field.label), saved=_shown(field, theirs), yours=_shown(field, yours)))
    return rows


def show_conflict(form: forms.Form, error: StaleVersion, *, case: Case, saved: forms.Form | None) -> None:
    """Put the refusal on the form: the message, who saved what and when, and the version now stored.

    saved is the same form built, unbound, from the record as it is now (None if it is gone).
    """
    current = error.current
    data = form.data.copy()  # type: ignore[attr-defined]
    data["version"] = str(getattr(current, "version", NEW))
    form.data = data
    event = last_event_on(current, case_id=case.pk) if current is not None else None
    by = ""
    if event is not None:
        by = (event.actor.get_full_name() if event.actor else "") or event.actor_label
    form.conflict = Conflict(  # type: ignore[attr-defined]
        rows=conflict_rows(form, saved),
        by=by,
        at=event.occurred_at if event is not None else None,
        gone=current is None,
    )
    form.add_error(None, error)
