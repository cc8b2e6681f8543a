"""The `redact` filter: every free text of a case is shown through the case's Redactor.

    {% load confidential %}
    {{ event.details|redact:redactor|linebreaksbr }}

Redact before any filter that adds markup (linebreaksbr, urlize): those split the text the
redactor reads. Every page under /cases/<id>/ gets the case's redactor from
safeplan.cases.context_processors; a template rendered without a request (a PDF) is given
one by its view. Without one the template fails to render (Django refuses a missing filter
argument), and anything that is not a Redactor shows "[not shown]": a missing redactor must
never show an address.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from safeplan.cases.freetext import Redactor

register = template.Library()


@register.filter
def redact(text: Any, redactor: Any) -> str:
    if text is None or text == "":
        return ""
    if not isinstance(redactor, Redactor):
        return _("[not shown]")
    return redactor.mask(str(text))
