"""Writes of an agency's private research for a case on a MARAC agenda, each audited in its transaction.

Each agency researches its own records before the meeting: facts apart from opinions, what it
holds but will not share (with the reason), and a "share at the meeting" mark. A note is never
visible to another agency unless marked to share (safeplan.marac.selectors.research).
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.freetext import free_text_check
from safeplan.idempotent import create_once
from safeplan.marac.models import AgendaItem, ResearchNote


def research_add(
    *,
    actor: User,
    item: AgendaItem,
    kind: str,
    text: str,
    withheld_reason: str = "",
    share: bool = False,
    submission: UUID | None = None,
) -> ResearchNote:
    """Add a note to the actor's agency's research on the case (the caller found the item through need to know)."""
    agency_id = actor.agency_id
    if agency_id is None:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if kind not in ResearchNote.Kind.values:
        errors["kind"] = _("Select whether it is a fact, an opinion, or held but not shared.")
    if not text.strip():
        errors["text"] = _("Write what your agency's records show.")
    if kind == ResearchNote.Kind.WITHHELD:
        if not withheld_reason.strip():
            errors["withheld_reason"] = _("Say why it is not shared.")
        if share:
            errors["share"] = _("Information held but not shared cannot be marked to share.")
    if item.closed_at is not None:
        errors["__all__"] = _("The case is closed at MARAC.")
    if errors:
        raise ValidationError(errors)
    reason = withheld_reason.strip() if kind == ResearchNote.Kind.WITHHELD else ""
    free_text_check(actor=actor, case=item.case, texts={"text": text, "withheld_reason": reason})

    def create() -> ResearchNote:
        with transaction.atomic():
            note = ResearchNote.objects.create(
                item=item,
                agency_id=agency_id,
                kind=kind,
                text=text.strip(),
                withheld_reason=reason,
                share=share and kind != ResearchNote.Kind.WITHHELD,
                written_by=actor,
                submission=submission,
            )
            record(
                actor=actor,
                verb=Verb.MARAC_RESEARCH_ADDED,
                target=note,
                case_id=item.case_id,
                detail={"item": item.pk, "agency": actor.agency_id, "kind": str(kind), "share": note.share},
            )
        return note

    return create_once(ResearchNote, submission, {"item": item, "written_by": actor}, create)


def research_viewed(*, actor: User, item: AgendaItem) -> None:
    """Audit a view of the agency's research on a case."""
    record(
        actor=actor,
        verb=Verb.MARAC_RESEARCH_VIEWED,
        target=item,
        case_id=item.case_id,
        detail={"agency": actor.agency_id},
    )
