"""The referral form: only what the case does not already hold."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.marac.models import Consent, LawfulBasis, MaracArea, MaracReferral
from safeplan.marac.services.referrals import ReferralAnswers
from safeplan.web.fields import RadiosField, TextField


class ReferralForm(forms.Form):
    area = RadiosField(label=_("Which MARAC?"), choices=(), required_message=_("Choose the MARAC to refer to."))
    afraid_of = TextField(
        label=_("Who is the victim afraid of?"),
        help_text=_("Everyone who may be a threat, not only the abuser: for example family members."),
        required=True,
        required_message=_("Say who the victim is afraid of: everyone who may be a threat, not only the abuser."),
    )
    safe_to_talk_to = TextField(label=_("Who does the victim say it is safe to talk to? (optional)"))
    not_safe_to_talk_to = TextField(
        label=_("Who does the victim say it is not safe to talk to? (optional)"),
        help_text=_("No agency will contact or share with these people."),
    )
    children_schools = TextField(
        label=_("The children's schools or nurseries (optional)"),
        help_text=_("The children are listed from the case; add where each goes to school."),
    )
    victim_aware = RadiosField(
        label=_("Does the victim know of the referral?"),
        choices=MaracReferral.Aware.choices,
        required_message=_("Select whether the victim knows of the referral."),
    )
    victim_unaware_reason = TextField(label=_("If not, why not?"))
    consent = RadiosField(
        label=_("Has the victim consented to the referral?"),
        choices=Consent.choices,
        required_message=_("Select whether the victim consents to the referral."),
    )
    no_consent_reason = TextField(label=_("Without consent: why?"))
    lawful_basis = RadiosField(
        label=_("Without consent: the lawful basis for sharing"),
        choices=LawfulBasis.choices,
        required=False,
    )

    def __init__(self, *args: Any, areas: list[MaracArea] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = areas or []
        field = self.fields["area"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(area.pk), area.name) for area in areas]
        self.areas = {str(area.pk): area for area in areas}
        if len(areas) == 1:
            self.initial.setdefault("area", str(areas[0].pk))

    def chosen_area(self) -> MaracArea:
        return self.areas[self.cleaned_data["area"]]

    def answers(self) -> ReferralAnswers:
        data = self.cleaned_data
        return ReferralAnswers(
            afraid_of=data["afraid_of"],
            victim_aware=data["victim_aware"],
            consent=data["consent"],
            safe_to_talk_to=data["safe_to_talk_to"],
            not_safe_to_talk_to=data["not_safe_to_talk_to"],
            children_schools=data["children_schools"],
            victim_unaware_reason=data["victim_unaware_reason"],
            no_consent_reason=data["no_consent_reason"],
            lawful_basis=data["lawful_basis"] or "",
        )


class ReturnForm(forms.Form):
    reason = TextField(
        label=_("Why is the referral returned?"),
        help_text=_("The referrer sees this. For example: the victim lives in another MARAC's area."),
        required=True,
        required_message=_("Say why the referral is returned, so the referrer can act on it."),
    )
