"""MARAC forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.marac.models import MaracDecision

TEXT_LIMIT = 10_000


class MaracDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        widget=forms.RadioSelect,
        label=_("Will the case be referred to the MARAC?"),
        choices=MaracDecision.Decision.choices,
        error_messages={"required": _("Select whether to refer the case to MARAC.")},
    )
    reason = forms.CharField(
        label=_("Why?"),
        help_text=_(
            "For a referral, say which criteria it meets. For no referral, say why, for example the victim's "
            "informed wishes and how the risk will be managed instead."
        ),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Explain the decision.")},
    )
