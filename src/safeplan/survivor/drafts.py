"""Unsaved writing, kept sealed in the space when it locks or she leaves, and shown again when she comes back.

Nothing she is typing may be lost to the auto-lock, to the page being hidden, or to the quick
exit. So every form she writes in carries a hidden ``_form`` field naming it (one of
``FORMS``); when the space locks or she leaves with such a form changed, the page sends what is
in it, and it is kept as a draft in the space's sealed document (one draft per form, the
newest). The form's page shows it again until she saves it or clears it. A draft holds only
the form's own fields (never the CSRF token or a file).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms as django_forms
from django.http import QueryDict
from django.utils import timezone

from safeplan.survivor import forms, services
from safeplan.survivor.diary_forms import DiaryAmendForm, DiaryEntryForm
from safeplan.survivor.document import DRAFT_FIELDS, DRAFT_TEXT, Draft, PlanSpace
from safeplan.survivor.services import OpenVault

FORM_FIELD = "_form"

# The forms whose writing is kept: the name in their ``_form`` field, and the form class.
FORMS: dict[str, type[django_forms.Form]] = {
    "journal": DiaryEntryForm,
    "journal-note": DiaryAmendForm,
    "contacts": forms.ContactForm,
    "phrases": forms.CodeWordForm,
}
# Fields a form posts beside its own (the diary note names the entry it is about).
EXTRA_FIELDS: dict[str, tuple[str, ...]] = {"journal-note": ("entry",)}


def fields_of(form: str, posted: QueryDict | Mapping[str, Any]) -> dict[str, list[str]]:
    """Return the posted values of the form's own fields that hold something, trimmed to the draft limits."""
    names = [*FORMS[form].base_fields, *EXTRA_FIELDS.get(form, ())]
    kept: dict[str, list[str]] = {}
    for name in names[:DRAFT_FIELDS]:
        if isinstance(posted, QueryDict):
            values = posted.getlist(name)
        else:
            value = posted.get(name)
            values = value if isinstance(value, list) else [] if value is None else [value]
        texts = [str(value)[:DRAFT_TEXT] for value in values if isinstance(value, str) and value.strip()]
        if texts:
            kept[name] = texts
    return kept


def draft_save(opened: OpenVault, form: str, posted: QueryDict | Mapping[str, Any]) -> bool:
    """Keep what was posted for the form as its draft; return False if there was nothing to keep.

    An unknown form name keeps nothing, and so does a notes space (it has no drafts).
    """
    if form not in FORMS:
        return False
    fields = fields_of(form, posted)
    if not fields:
        return False
    draft = Draft(fields=fields, saved=timezone.now())

    def change(document: PlanSpace) -> None:
        document.drafts[form] = draft

    try:
        services.plan_update(opened, change)
    except services.NotAPlanSpace:
        return False
    return True


def draft_clear(opened: OpenVault, document: PlanSpace, form: str) -> None:
    """Forget the form's draft (it has been saved, or she cleared it)."""
    if form not in document.drafts:
        return

    def change(document: PlanSpace) -> None:
        document.drafts.pop(form, None)

    services.plan_update(opened, change)


def initial(document: PlanSpace, form: str) -> dict[str, Any] | None:
    """Return the form's draft as a form's initial values, or None if there is none."""
    draft = document.drafts.get(form)
    if draft is None:
        return None
    multiple = {
        name for name, field in FORMS[form].base_fields.items() if isinstance(field, django_forms.MultipleChoiceField)
    }
    return {name: values if name in multiple else values[0] for name, values in draft.fields.items()}
