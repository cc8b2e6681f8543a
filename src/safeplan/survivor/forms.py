"""Forms of the survivor space, in plain words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.content.measures import CIRCUMSTANCE_FLAGS
from safeplan.domain.passphrase import normalise_passphrase

YES_NO_UNSURE = [("yes", _("Yes")), ("no", _("No")), ("unsure", _("Not sure"))]

SITUATIONS = [
    ("living_with_abuser", _("I live with the person who is hurting me")),
    ("planning_to_leave", _("I live with them and I am thinking about leaving")),
    ("after_separation", _("I no longer live with them")),
]

# One plain question for each circumstance the knowledge base asks about.
QUESTIONS: dict[str, Any] = {
    "has_children": _("Do you have children?"),
    "child_contact_arrangements": _("Do your children spend time with the other person, for example on visits?"),
    "abuser_has_device_access": _("Can the other person see or use your phone, tablet or computer?"),
    "abuser_checks_accounts": _("Do they check your email, social media or bank accounts?"),
    "abuser_controls_money": _("Do they control or watch your money?"),
    "uses_abuser_messages_to_know_movements": _("Do you read their messages to know when they are angry or coming?"),
    "neighbours_or_family_may_side_with_abuser": _("Could neighbours or family pass things on to them?"),
    "neighbours_knowing_would_expose_victim": _("Would neighbours knowing put you at other risk?"),
    "works": _("Do you work?"),
    "has_car_or_satnav": _("Do you use a car or satnav they could check?"),
    "smart_devices_set_up_by_abuser": _("Did they set up smart devices at home, such as a doorbell or speaker?"),
    "weapons_used_or_available": _("Have they used a weapon, or is there one at home?"),
    "arson_risk": _("Have they threatened to set fire to your home?"),
    "disability_or_health_needs": _("Do you have a disability or health needs?"),
    "immigration_status_worries": _("Are you worried about your immigration status?"),
    "socially_isolated": _("Do you feel cut off from people, or would contacting the police be hard for you?"),
    "victim_aged_16_or_17": _("Are you 16 or 17?"),
}
if set(QUESTIONS) != set(CIRCUMSTANCE_FLAGS):  # pragma: no cover - guards an edit
    raise ImportError("survivor plan questions and CIRCUMSTANCE_FLAGS differ")

SELF_CHECK = [
    ("afraid", _("Are you afraid of someone close to you?")),
    ("worse", _("Has it been happening more often, or getting worse?")),
    ("hurt", _("Have they hurt you, or threatened to hurt or kill you or someone close to you?")),
    ("choke", _("Have they ever put their hands around your neck or stopped you breathing?")),
    ("control", _("Do they stop you seeing people, or control your money, phone or where you go?")),
    ("leaving", _("Have you recently left them, or are you planning to?")),
    ("follow", _("Do they follow you, keep turning up, or keep contacting you when you do not want them to?")),
]


class PrivateForm(forms.Form):
    """A form whose typed values the browser must not remember and offer again (form history).

    Browsers suggest what was typed into a field of the same name on other sites and pages;
    a contact's name or a code word must not turn up there on a shared device.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.TextInput | forms.Textarea):
                field.widget.attrs.setdefault("autocomplete", "off")


def masked_input() -> forms.TextInput:
    """A text field shown as dots in a ``sp-masked`` group, whose "Show" tick box reveals it (no JavaScript).

    Not a password field: browsers offer to save what is typed in those, and a saved copy of her
    words in the browser is what someone with the phone could read.
    """
    return forms.TextInput(
        attrs={
            "autocomplete": "off",
            "autocapitalize": "none",
            "spellcheck": "false",
            "autocorrect": "off",
        }
    )


class OpenForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Your six words"),
        help_text=_("Type them with spaces between. Capital letters do not matter."),
        max_length=300,
        error_messages={"required": _("Enter your six words")},
        widget=masked_input(),
    )


class WordsCheckForm(forms.Form):
    """Two of her new words, typed back before her space is made, so that she has kept them."""

    def __init__(self, *args: Any, words: list[str], asked: tuple[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected: dict[str, str] = {}
        for name, position in zip(("first", "second"), asked, strict=True):
            number = position + 1
            self.fields[name] = forms.CharField(
                label=_("Word %(number)d") % {"number": number},
                max_length=60,
                error_messages={"required": _("Enter word %(number)d") % {"number": number}},
                widget=masked_input(),
            )
            self.expected[name] = words[position]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, word in self.expected.items():
            typed = cleaned.get(name)
            if typed and normalise_passphrase(typed) != normalise_passphrase(word):
                self.add_error(
                    name,
                    _("%(label)s is not the word we showed you. Check the words you kept, or see them again")
                    % {"label": self.fields[name].label},
                )
        return cleaned


class PlanQuestionsForm(forms.Form):
    situation = forms.ChoiceField(
        label=_("Which is closest to your situation?"),
        choices=SITUATIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the situation closest to yours")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in CIRCUMSTANCE_FLAGS:
            self.fields[name] = forms.ChoiceField(
                label=QUESTIONS[name],
                choices=YES_NO_UNSURE,
                widget=forms.RadioSelect,
                required=False,
                help_text=_("If you leave this out, we treat it as not sure.") if name == CIRCUMSTANCE_FLAGS[0] else "",
            )

    def answers(self) -> dict[str, bool | None]:
        """Return the answers as the engine takes them: yes, no, or None for not sure."""
        mapping = {"yes": True, "no": False}
        return {name: mapping.get(self.cleaned_data.get(name) or "") for name in CIRCUMSTANCE_FLAGS}


class ChoicesForm(forms.Form):
    """The suggestions a survivor wants in their plan."""

    chosen = forms.MultipleChoiceField(label=_("Things I will do"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = choices  # type: ignore[attr-defined]


class BagForm(forms.Form):
    packed = forms.MultipleChoiceField(label=_("What is ready"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["packed"].choices = choices  # type: ignore[attr-defined]


class ContactForm(PrivateForm):
    kind = forms.ChoiceField(
        label=_("Who is this?"),
        choices=[("emergency", _("Someone to call in an emergency")), ("trusted", _("Someone I trust"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who this is")},
    )
    text = forms.CharField(label=_("Name"), max_length=100, error_messages={"required": _("Enter a name")})
    phone = forms.CharField(label=_("Phone number (optional)"), max_length=30, required=False)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(character.isdigit() or character in " +()-" for character in phone):
            raise forms.ValidationError(_("Enter a phone number using numbers, spaces and +"))
        return phone


class CodeWordForm(PrivateForm):
    text = forms.CharField(label=_("Code word"), max_length=60, error_messages={"required": _("Enter a code word")})
    meaning = forms.CharField(
        label=_("What it means"),
        max_length=200,
        help_text=_("For example: call 999, or come and pick me up."),
        error_messages={"required": _("Enter what the code word means")},
    )


class OwnStepForm(PrivateForm):
    text = forms.CharField(
        label=_("Add a step of your own"), max_length=200, error_messages={"required": _("Enter a step")}
    )


class OwnBagItemForm(PrivateForm):
    text = forms.CharField(
        label=_("Add something of your own"), max_length=200, error_messages={"required": _("Enter what to add")}
    )


class NoteForm(PrivateForm):
    text = forms.CharField(label=_("Add an item"), max_length=200, error_messages={"required": _("Enter an item")})


class SelfCheckForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, question in SELF_CHECK:
            self.fields[name] = forms.ChoiceField(
                label=question, choices=YES_NO_UNSURE, widget=forms.RadioSelect, required=False
            )

    def any_yes(self) -> bool:
        """Return True if any answer is yes or not sure."""
        return any(self.cleaned_data.get(name) in {"yes", "unsure"} for name, _question in SELF_CHECK)


class ShareCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Share code"),
        help_text=_("Ten letters and numbers, for example ABCDE-23456."),
        max_length=30,
        error_messages={"required": _("Enter the share code")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
