"""Forms of the person index: a decision about a possible match, a question to another team, a serial review."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.perpetrators.models import MatchDecision, SerialReview
from safeplan.web.fields import DateField, RadiosField, TextField


class DecideForm(forms.Form):
    record = RadiosField(
        label=_("Which record"), choices=[], required_message=_("Choose one of the other records listed")
    )
    decision = RadiosField(
        label=_("Is it the same person?"),
        choices=MatchDecision.Decision.choices,
        required_message=_("Select whether it is the same person"),
    )
    reason = TextField(label=_("How you know"), required=True, required_message=_("Say how you know"), max_length=2000)

    def __init__(self, *args: Any, records: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        kwargs["prefix"] = "decide"
        super().__init__(*args, **kwargs)
        field = self.fields["record"]
        assert isinstance(field, RadiosField)
        field.choices = [(str(pk), label) for pk, label in records]


class AskForm(forms.Form):
    record = RadiosField(label=_("Which team to ask"), choices=[], required_message=_("Choose the team to ask"))
    message = TextField(
        label=_("Your question"),
        help_text=_(
            "Say why you need to know. The team sees your name, your team and this question, nothing of your case."
        ),
        required=True,
        required_message=_("Write your question"),
        max_length=2000,
    )

    def __init__(self, *args: Any, records: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        kwargs["prefix"] = "ask"
        super().__init__(*args, **kwargs)
        field = self.fields["record"]
        assert isinstance(field, RadiosField)
        field.choices = [(str(pk), label) for pk, label in records]


class SerialReviewForm(forms.Form):
    decision = RadiosField(
        label=_("What did you decide?"),
        choices=SerialReview.Decision.choices,
        required_message=_("Select what you decided"),
    )
    reasons = TextField(label=_("Reasons"), required=True, required_message=_("Give your reasons"), max_length=5000)
    next_review_on = DateField(subject=_("the date of the next review"), label=_("Next review"))
