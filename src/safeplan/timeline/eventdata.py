"""The fields an event type declares in events.yaml: checked, stored as JSON, read back, displayed.

Forms turn text into Python values; clean() checks those values against the type whatever
called the service (a page, the API, the demo loader), so a rule lives in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from safeplan.content.events import EventField, EventType
from safeplan.content.schema import LocalText

MAX_TEXT = 5000
# Dates an event field may hold: deadlines are counted back from them in working days, which
# overflows near date.min, and no real hearing, release or order falls outside these years.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


@dataclass(frozen=True)
class FieldRow:
    id: str
    kind: str
    label: LocalText
    value: Any
    # The label of the chosen option, for a choice field.
    choice_label: LocalText | None = None


def _label(field: EventField) -> str:
    return field.label.get(get_language())


def _check(field: EventField, value: Any) -> Any:
    """Return the value in its stored Python type, or raise ValidationError with a message for the field."""
    label = _label(field)
    if field.kind == "text":
        if not isinstance(value, str):
            raise ValidationError(_("Enter “%(label)s” as text.") % {"label": label})
        value = value.strip()
        if len(value) > MAX_TEXT:
            raise ValidationError(
                _("“%(label)s” must be %(max)d characters or fewer.") % {"label": label, "max": MAX_TEXT}
            )
        return value
    if field.kind == "date":
        if isinstance(value, datetime) or not isinstance(value, date):
            raise ValidationError(_("Enter “%(label)s” as a date, for example 2026-11-20.") % {"label": label})
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ValidationError(
                _("Enter “%(label)s” as a real date between %(first)d and %(last)d.")
                % {"label": label, "first": EARLIEST_DATE.year, "last": LATEST_DATE.year}
            )
        return value
    if field.kind == "time":
        if not isinstance(value, time):
            raise ValidationError(_("Enter “%(label)s” as a time, for example 17:00.") % {"label": label})
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if field.kind == "choice":
        if value not in {choice.id for choice in field.choices}:
            raise ValidationError(_("Choose “%(label)s” from the list.") % {"label": label})
        return value
    if field.kind == "yes_no":
        if not isinstance(value, bool):
            raise ValidationError(_("Choose yes or no for “%(label)s”.") % {"label": label})
        return value
    raise ValueError(f"unknown field kind {field.kind!r}")  # pragma: no cover - the content schema forbids it


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean(event_type: EventType, values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the type's fields checked and normalised; raise ValidationError keyed by field id."""
    unknown = sorted(set(values) - {field.id for field in event_type.fields})
    if unknown:
        raise ValidationError(_("These details do not belong to this kind of event: %(ids)s") % {"ids": unknown})
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for field in event_type.fields:
        value = values.get(field.id)
        if _empty(value):
            if field.required:
                message = (
                    _("Choose “%(label)s”.") if field.kind in {"choice", "yes_no"} else _("Enter “%(label)s”.")
                ) % {"label": _label(field)}
                errors[field.id] = [message]
            continue
        try:
            cleaned[field.id] = _check(field, value)
        except ValidationError as error:
            errors[field.id] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def dump(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the values as JSON-ready data: dates as ISO dates, times as HH:MM."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, time):
            out[key] = value.strftime("%H:%M")
        else:
            out[key] = value
    return out


def load(event_type: EventType, data: Mapping[str, Any]) -> dict[str, Any]:
    """Return stored JSON data as Python values, by the kinds the type declares.

    A field the current rules no longer declare is kept as it was stored.
    """
    kinds = {field.id: field.kind for field in event_type.fields}
    out: dict[str, Any] = {}
    for key, value in data.items():
        kind = kinds.get(key)
        if kind == "date" and isinstance(value, str):
            out[key] = date.fromisoformat(value)
        elif kind == "time" and isinstance(value, str):
            out[key] = time.fromisoformat(value)
        else:
            out[key] = value
    return out


def rows(event_type: EventType, values: Mapping[str, Any]) -> list[FieldRow]:
    """Return the recorded fields in the order the type declares them, with labels for display."""
    found = []
    for field in event_type.fields:
        if field.id not in values:
            continue
        value = values[field.id]
        choice = next((c.label for c in field.choices if c.id == value), None) if field.kind == "choice" else None
        found.append(FieldRow(id=field.id, kind=field.kind, label=field.label, value=value, choice_label=choice))
    return found
