"""Forms for building a plan. Rules that need the draft or the case live in the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from safeplan.content.measures import ACTORS, CIRCUMSTANCE_FLAGS, SITUATIONS
from safeplan.plans import labels
from safeplan.plans.building import MeasureRow, choice_from_form
from safeplan.plans.models import SafetyPlanVersion
from safeplan.plans.plandata import (
    CHILDREN_TEXT_PARTS,
    HANDOVER_TEXT_PARTS,
    TEXT_LIMIT,
    ItemChoice,
    Parts,
    bag_measures,
)
from safeplan.web.fields import DateField, RadiosField, TextField, VersionedForm

DATE_HINT = _("For example, 27/3/2027.")


def _text(label: Any, help_text: Any = "", rows: int = 3) -> forms.CharField:
    return TextField(label=label, help_text=help_text, rows=rows, max_length=TEXT_LIMIT)


class CopingForm(VersionedForm):
    coping_strategies = _text(
        _("What does the victim already do to stay safe?"),
        _(
            "In their words: what they do when the abuser is angry, who they turn to, where they go, "
            "what has worked before. The plan builds on this."
        ),
        rows=6,
    )
    none_yet = forms.BooleanField(label=_("They do not do anything yet"), required=False)


class CircumstancesForm(VersionedForm):
    situation = RadiosField(
        label=_("Which of these is the victim's situation now?"),
        choices=[(code, labels.SITUATION_LABELS[code]) for code in SITUATIONS],
        required_message=_("Choose the victim's situation now."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in CIRCUMSTANCE_FLAGS:
            question, hint = labels.QUESTIONS[name]
            self.fields[name] = RadiosField(
                label=question,
                help_text=hint,
                choices=list(labels.ANSWER_LABELS.items()),
                required_message=format_lazy("{} {}", question, _("Answer yes, no or not sure.")),
            )

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in CIRCUMSTANCE_FLAGS}


def _row_prefix(measure_id: str) -> str:
    return f"m-{measure_id}"


class MeasuresForm(VersionedForm):
    """One block of fields per measure shown: the choice, who acts, what they do, by when."""

    def __init__(self, *args: Any, rows: list[MeasureRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        status_choices = [("", _("Leave out of the plan for now")), *labels.STATUS_LABELS.items()]
        actor_choices = [("", _("Choose who")), *((code, labels.ACTOR_LABELS[code]) for code in ACTORS)]
        for row in rows:
            prefix = _row_prefix(row.measure.id)
            title = row.measure.title.get(None)
            choice = row.choice
            self.fields[f"{prefix}-status"] = forms.ChoiceField(
                label=_("What will the victim do? (%(title)s)") % {"title": title},
                choices=status_choices,
                required=False,
                widget=forms.RadioSelect,
                initial=row.default_status,
            )
            self.fields[f"{prefix}-actor"] = forms.ChoiceField(
                label=_("Who does it"),
                choices=actor_choices,
                required=False,
                initial=choice.actor if choice else "",
            )
            self.fields[f"{prefix}-note"] = TextField(
                label=_("What they will do"),
                rows=2,
                max_length=TEXT_LIMIT,
                initial=choice.note if choice else "",
            )
            self.fields[f"{prefix}-due"] = DateField(
                label=_("By when"),
                subject=format_lazy(_("the date for “{title}”"), title=title),
                help_text=DATE_HINT,
                required=False,
                initial=choice.due_on.isoformat() if choice and choice.due_on else "",
                error_messages={"invalid": format_lazy("{} {}", title, _("Enter a real date, for example 27/3/2027."))},
            )

    def blocks(self) -> list[dict[str, Any]]:
        """Return each row with its bound fields, for the template."""
        blocks = []
        for row in self.rows:
            prefix = _row_prefix(row.measure.id)
            fields = {name: self[f"{prefix}-{name}"] for name in ("status", "actor", "note", "due")}
            blocks.append(
                {
                    "row": row,
                    "status": fields["status"],
                    "actor": fields["actor"],
                    "note": fields["note"],
                    "due": fields["due"],
                    "owner_open": bool(
                        (row.choice and (row.choice.actor or row.choice.note or row.choice.due_on))
                        or any(fields[name].errors for name in ("actor", "note", "due"))
                    ),
                }
            )
        return blocks

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        today = timezone.localdate()
        for row in self.rows:
            prefix = _row_prefix(row.measure.id)
            status = data.get(f"{prefix}-status") or ""
            title = row.measure.title.get(None)
            actor, note, due = (data.get(f"{prefix}-{name}") for name in ("actor", "note", "due"))
            if not status and (actor or (note or "").strip() or due):
                self.add_error(
                    f"{prefix}-status",
                    gettext("Choose what the victim will do about “%(title)s” before saying who does it.")
                    % {"title": title},
                )
            if (
                status in ("will_do", "already_doing")
                and row.suggestion.status == "not_safe"
                and not (note or "").strip()
            ):
                self.add_error(
                    f"{prefix}-note",
                    gettext("“%(title)s” is not safe in these circumstances: say how the risk will be managed.")
                    % {"title": title},
                )
            previous = row.choice.due_on if row.choice else None
            if isinstance(due, date) and status == "will_do" and due < today and due != previous:
                self.add_error(
                    f"{prefix}-due", gettext("The date for “%(title)s” must be today or later.") % {"title": title}
                )
        return data

    def choices(self) -> dict[str, ItemChoice | None]:
        """Return each shown measure's choice (None to leave it out)."""
        result = {}
        for row in self.rows:
            prefix = _row_prefix(row.measure.id)
            data = self.cleaned_data
            result[row.measure.id] = choice_from_form(
                row.measure.id,
                data.get(f"{prefix}-status") or "",
                data.get(f"{prefix}-actor") or "",
                data.get(f"{prefix}-note") or "",
                data.get(f"{prefix}-due"),
            )
        return result


class PartsForm(VersionedForm):
    contacts = _text(
        _("Emergency contacts"),
        _("Who to call and how to reach them. Say who knows the code word."),
    )
    code_words = _text(
        _("Code words and signals"),
        _("A word or sign that tells a trusted person to call 999, or that the victim cannot talk."),
    )
    safe_places = _text(_("Safe places and people"), _("Where the victim can go in an emergency, and who will help."))
    safe_rooms = _text(
        _("Safe rooms"),
        _("Rooms with a way out and a lock, away from the kitchen, garage or anything that could be a weapon."),
    )
    escape_routes = _text(_("Escape routes"), _("The quickest ways out of the home, day and night."))
    bag_wanted = forms.BooleanField(label=_("Put the emergency bag checklist in the plan"), required=False)
    bag_ticked = forms.MultipleChoiceField(
        label=_("Already packed or ready"), required=False, widget=forms.CheckboxSelectMultiple
    )
    bag_notes = _text(_("Where the bag is kept and who has it"))
    children_what_to_do = _text(
        _("What the children do if something happens"), _("For example, go to their room or to a neighbour.")
    )
    children_where_to_go = _text(_("Where the children go"))
    children_calling_999 = _text(
        _("How the children call 999"),
        _("Which phone, what to say: their name, their address, what is happening. Practise it with them."),
    )
    children_school_collection = _text(
        _("Who may collect the children from school or nursery"),
        _("And who may not. The school needs to know."),
    )
    child_contact_handovers = _text(
        _("Handing over the children for contact"),
        _("Where and how handovers happen safely, for example at a contact centre or through a third person."),
    )
    technology_notes = _text(
        _("Phones, computers and accounts"),
        _("Which phone or computer is safe to use, and anything agreed about accounts."),
    )

    def __init__(self, *args: Any, children: bool, handovers: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bag_ticked"].choices = [(m.id, m.title.get(None)) for m in bag_measures()]  # type: ignore[attr-defined]
        if not children:
            for name in CHILDREN_TEXT_PARTS:
                del self.fields[name]
        if not handovers:
            for name in HANDOVER_TEXT_PARTS:
                del self.fields[name]

    def parts(self, current: Parts) -> Parts:
        """Return the parts with this form's answers (parts the form does not show are kept)."""
        data = {name: value for name, value in self.cleaned_data.items() if name in self.fields and name != "version"}
        data["bag_ticked"] = tuple(data.get("bag_ticked", ()))
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.strip()
        return Parts.model_validate({**current.model_dump(), **data}, strict=False)


class SaveForm(VersionedForm):
    reason = RadiosField(
        label=_("Why is this version being saved?"),
        choices=[
            (code, label)
            for code, label in SafetyPlanVersion.Reason.choices
            if code not in (SafetyPlanVersion.Reason.FIRST, SafetyPlanVersion.Reason.SURVIVOR_SHARED)
        ],
        required_message=_("Choose why this version is being saved."),
    )
    next_review_on = DateField(
        label=_("Next review"),
        subject=_("the date of the next review"),
        help_text=_("Plans are reviewed at every trigger point, and at least by this date. For example, 27/3/2027."),
        error_messages={
            "required": _("Enter the date of the next review."),
            "invalid": _("Enter a real date, for example 27/3/2027."),
        },
    )
    change_note = _text(_("What changed and why (optional)"))

    def __init__(self, *args: Any, first: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first = first
        if first:
            del self.fields["reason"]

    def chosen_reason(self) -> str:
        return SafetyPlanVersion.Reason.FIRST if self.first else self.cleaned_data["reason"]
