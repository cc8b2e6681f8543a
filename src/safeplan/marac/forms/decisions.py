"""MARAC forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.marac.models import MaracDecision
from safeplan.web.fields import RadiosField, TextField


class MaracDecisionForm(forms.Form):
    decision = RadiosField(
        label=_("Will the case be referred to the MARAC?"),
        choices=MaracDecision.Decision.choices,
        required_message=_("Select whether to refer the case to MARAC."),
    )
    reason = TextField(
        label=_("Why?"),
        help_text=_(
            "For a referral, say which criteria it meets. For no referral, say why, for example the victim's "
            "informed wishes and how the risk will be managed instead."
        ),
        rows=5,
        required=True,
        required_message=_("Explain the decision."),
    )
