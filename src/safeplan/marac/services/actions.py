"""Writes of the multi-agency risk management plan's actions, each audited in its transaction.

An action is owned by an agency invited to the meeting and a named person there; the
coordinator records it at the meeting; the owning agency's representatives or the
coordinator close it, saying why when it was not done.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import Agency, User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.freetext import free_text_check
from safeplan.cases.models import ConfidentialLocation
from safeplan.cases.permissions import can_reveal_location
from safeplan.content.marac_menu import marac_menu
from safeplan.domain import maracmeeting as rules
from safeplan.marac.models import AgendaItem, MaracAction
from safeplan.marac.permissions import can_close_action, coordinates


def action_add(
    *, actor: User, item: AgendaItem, part: str, menu_id: str, text: str, agency: Agency, owner: str, due_on: date
) -> MaracAction:
    """Add an action from the tactical menu (menu_id) or written freely (text) to a case's plan."""
    if not coordinates(actor, item.meeting.area):
        raise PermissionDenied
    errors: dict[str, str] = {}
    menu = marac_menu()
    if part not in MaracAction.Part.values:
        errors["part"] = _("Select who the action protects.")
    if menu_id:
        try:
            text = menu.by_id(menu_id).text.get("en") if not text.strip() else text
        except KeyError:
            errors["menu_id"] = _("Choose an action from the menu, or write one.")
    if not text.strip():
        errors["text"] = _("Choose an action from the menu, or write one.")
    if not item.meeting.invitations.filter(agency=agency).exists():
        errors["agency"] = _("Choose an agency invited to this meeting.")
    if not owner.strip():
        errors["owner"] = _("Name the person in the agency who owns the action.")
    if due_on < timezone.localdate():
        errors["due_on"] = _("The due date must be today or later.")
    if errors:
        raise ValidationError(errors)
    free_text_check(actor=actor, case=item.case, texts={"text": text})
    with transaction.atomic():
        made = MaracAction.objects.create(
            item=item,
            case_id=item.case_id,
            part=part,
            menu_id=menu_id,
            menu_version=menu.version if menu_id else None,
            text=text.strip(),
            agency=agency,
            owner=owner.strip(),
            due_on=due_on,
            created_by=actor,
        )
        record(
            actor=actor,
            verb=Verb.MARAC_ACTION_ADDED,
            target=made,
            case_id=item.case_id,
            detail={"item": item.pk, "agency": agency.pk, "menu_id": menu_id, "due_on": due_on.isoformat()},
        )
    return made


def action_close(*, actor: User, action: MaracAction, state: str, reason: str = "") -> MaracAction:
    """Close an open action as done, could not be done, or not done by the agency (the last two with a reason)."""
    if not can_close_action(actor, action):
        raise PermissionDenied
    try:
        rules.check_transition(action.state, state, reason)
    except rules.ActionError as error:
        messages = {
            "unknown_state": _("Select how the action ended."),
            "closed": _("This action is already closed."),
            "reason_needed": _("Say why the action was not done."),
        }
        raise ValidationError({error.field: messages[error.code]} if error.field else messages[error.code]) from None
    free_text_check(actor=actor, case=action.item.case, texts={"reason": reason})
    with transaction.atomic():
        locked = MaracAction.objects.select_for_update().get(pk=action.pk)
        if locked.state != MaracAction.State.OPEN:
            raise ValidationError(_("This action is already closed."))
        locked.state = state
        locked.state_reason = reason.strip()
        locked.closed_by = actor
        locked.closed_at = timezone.now()
        locked.save(update_fields=["state", "state_reason", "closed_by", "closed_at"])
        record(
            actor=actor, verb=Verb.MARAC_ACTION_CLOSED, target=locked, case_id=locked.case_id, detail={"state": state}
        )
    return locked


def action_location_share(*, actor: User, action: MaracAction, location: ConfidentialLocation) -> MaracAction:
    """Share one of the case's confidential locations with the agency that owns an open action, for that action only.

    Only the case's own team may (it holds the locations); the owning agency sees the address on the
    action while it is open, and each showing is audited as a reveal.
    """
    if not can_reveal_location(actor, action.case):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if location.case_id != action.case_id or not location.is_current:
        errors["location"] = _("Choose a current place of this case.")
    if action.state != MaracAction.State.OPEN:
        errors["action"] = _("Choose an open action.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = MaracAction.objects.select_for_update().get(pk=action.pk)
        locked.shared_location = location
        locked.save(update_fields=["shared_location"])
        record(
            actor=actor,
            verb=Verb.MARAC_LOCATION_SHARED,
            target=locked,
            case_id=locked.case_id,
            detail={"location": location.pk, "agency": locked.agency_id},
        )
    return locked


def shared_locations_viewed(*, actor: User, actions: list[MaracAction]) -> None:
    """Audit each confidential location shown to an agency on its MARAC action, as a reveal."""
    for action in actions:
        if action.shared_location_id is not None:
            record(
                actor=actor,
                verb=Verb.LOCATION_REVEALED,
                target=action.shared_location,
                case_id=action.case_id,
                detail={"marac_action": action.pk, "agency": actor.agency_id},
            )
