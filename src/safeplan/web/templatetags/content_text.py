"""Template filters for content that carries text per language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from safeplan.content.schema import LocalText

register = template.Library()


@register.filter
def localise(text: LocalText) -> str:
    """Return the text in the active language, falling back to English."""
    return text.get(get_language())
