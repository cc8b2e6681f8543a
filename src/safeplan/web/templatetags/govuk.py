"""Render Django form fields as GOV.UK Frontend form groups: the one field renderer.

Every field on every page goes through `govuk_field`, so label, hint, error message, ids and
aria-describedby are written once (web/fields/field.html).
"""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()

CSS_CLASS = {
    "file": "govuk-file-upload",
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
}
HEADINGS = {"", "h1", "h2", "h3"}


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
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


@register.inclusion_tag("web/fields/field.html")
def govuk_field(
    field: forms.BoundField,
    width: str = "",
    label_size: str = "",
    inline: bool = False,
    heading: str = "",
) -> dict[str, Any]:
    """Render one field with its label (or legend), hint and errors as GOV.UK markup.

    width: an input's width class (govuk-input--width-N); label_size: s, m, l or xl;
    inline: radios side by side; heading: h1, h2 or h3 to make the label or legend the
    page's or section's heading, as GOV.UK does for a question on its own.
    """
    if heading not in HEADINGS:
        raise template.TemplateSyntaxError(f"govuk_field heading must be one of {sorted(HEADINGS)}")
    if field.is_hidden:
        # A hidden value (a record's version, a form's token) has no label, hint or error of its own.
        return {"field": field, "kind": "hidden", "widget_html": field.as_widget()}
    kind = _kind(field.field.widget)
    # Django gives radios and checkbox lists no id_for_label: name their parts from auto_id.
    base_id = field.id_for_label or str(field.auto_id)
    described = []
    if field.help_text:
        described.append(f"{base_id}-hint")
    if field.errors:
        described.append(f"{base_id}-error")
    # A browser never refills a file box: when another answer needs correcting, say the chosen file must
    # be chosen again rather than let it look as if it was kept.
    file_lost = kind == "file" and field.form.is_bound and bool(field.form.errors) and not field.errors
    file_lost = file_lost and bool(field.form.files.get(field.html_name))
    if file_lost:
        described.append(f"{base_id}-again")
    attrs: dict[str, str | bool] = {}
    if kind in CSS_CLASS:
        css = CSS_CLASS[kind]
        if field.errors:
            css += f" {css}--error"
        if width and kind == "input":
            css += f" govuk-input--width-{width}"
        attrs["class"] = css
    if described and kind not in {"radios", "checkboxes"}:
        attrs["aria-describedby"] = " ".join(described)
    return {
        "field": field,
        "kind": kind,
        "widget_html": field.as_widget(attrs=attrs) if kind not in {"radios", "checkboxes", "checkbox"} else "",
        "described": " ".join(described),
        "base_id": base_id,
        "file_lost": file_lost,
        "label_size": label_size,
        "inline": inline,
        "heading": heading,
    }
