"""What the survivor page shell needs to know about the open space, on any page under /s/ (error pages too)."""

from __future__ import annotations

from typing import Any

from django import template

from safeplan.survivor import services, session
from safeplan.survivor.document import NotesSpace

register = template.Library()


@register.simple_tag(takes_context=True)
def decoy_shell(context: dict[str, Any]) -> bool:
    """Return True if the open space is a notes space (opened by second words): its pages wear the notes shell.

    A page rendered by a space's view already knows (``decoy`` in its context); an error page
    or a public page looks at the open space itself, without counting it as activity.
    """
    known = context.get("decoy")
    if known is not None:
        return bool(known)
    request = context.get("request")
    if request is None:
        return False
    known = getattr(request, "survivor_decoy", None)
    if known is None:
        opened = session.peek(request)
        known = opened is not None and isinstance(services.vault_read(opened), NotesSpace)
        request.survivor_decoy = known
    return bool(known)
