"""Render Django form fields as GOV.UK Frontend form groups."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()

CSS_CLASS = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
}


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.inclusion_tag("web/fields/field.html")
def govuk_field(field: forms.BoundField, width: str = "", label_size: str = "") -> dict[str, Any]:
    """Render one field with its label, hint and errors as GOV.UK markup."""
    kind = _kind(field.field.widget)
    # Django gives radios and checkbox lists no id_for_label: name their parts from auto_id.
    base_id = field.id_for_label or str(field.auto_id)
    described = []
    if field.help_text:
        described.append(f"{base_id}-hint")
    if field.errors:
        described.append(f"{base_id}-error")
    attrs: dict[str, str | bool] = {}
    if kind in CSS_CLASS:
        css = CSS_CLASS[kind]
        if field.errors:
            css += f" {css}--error"
        if width:
            css += f" govuk-input--width-{width}" if kind == "input" else ""
        attrs["class"] = css
    if described and kind not in {"radios", "checkboxes"}:
        attrs["aria-describedby"] = " ".join(described)
    return {
        "field": field,
        "kind": kind,
        "widget_html": field.as_widget(attrs=attrs) if kind not in {"radios", "checkboxes", "checkbox"} else "",
        "described": " ".join(described),
        "base_id": base_id,
        "label_size": label_size,
    }
