"""One GOV.UK form kit: every form's dates, times and text go through safeplan.web.fields and one renderer."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

import safeplan
from safeplan.accounts.models import Agency, User
from safeplan.content.events import event_rules
from safeplan.content.instruments import instrument
from safeplan.timeline.models import Obligation
from safeplan.web.fields import DATE_INPUT_FORMATS, EARLIEST_DATE, DateField, TextField, TimeField

PACKAGE = Path(safeplan.__file__).parent
DJANGO_REQUIRED = "This field is required."

# Forms that need arguments to be built, with arguments that show every field they can have.
FACTORIES: dict[str, Any] = {
    "CodeForm": lambda cls: [cls(has_app=True, backup_codes_left=3), cls(has_app=False, backup_codes_left=1)],
    "PasswordChangeForm": lambda cls: [cls(User())],
    "UserCreateForm": lambda cls: [cls(agency=Agency(pk=0, kind=kind)) for kind in ("police", "health")],
    "UserUpdateForm": lambda cls: [cls(agency=Agency(pk=0, kind=kind)) for kind in ("police", "health")],
    "AgencyContactForm": lambda cls: [cls(agency=Agency(pk=0))],
    "CoordinatorsForm": lambda cls: [cls(candidates=User.objects.none())],
    "SignatureForm": lambda cls: [cls(agencies=Agency.objects.none())],
    "TeamCreateForm": lambda cls: [cls(agency_id=0)],
    "CredentialCreateForm": lambda cls: [cls(agency_id=0)],
    # Two apps have a ContactForm: the contact log's takes the labels of the obligations it can answer.
    "ContactForm": lambda cls: [cls(labels={})] if cls.__module__.startswith("safeplan.timeline") else [cls()],
    "CaseCreateForm": lambda cls: [cls(team_id=0)],
    "HandoverForm": lambda cls: [cls(team_id=0)],
    "ShareForm": lambda cls: [cls(exclude_team_id=0)],
    "MeasuresForm": lambda cls: [cls(rows=[])],
    "PartsForm": lambda cls: [cls(children=True, handovers=True)],
    "SaveForm": lambda cls: [cls(first=False)],
    "AssessmentForm": lambda cls: [cls(instrument=instrument(i)) for i in ("ric", "stalking")],
    "ChoicesForm": lambda cls: [cls(choices=[("a", "A")])],
    "BagForm": lambda cls: [cls(choices=[("a", "A")])],
    "WordsCheckForm": lambda cls: [cls(words=["apple", "banana", "cherry", "dates", "eggplant", "figs"], asked=(1, 4))],
    "EventForm": lambda cls: [cls(event_type=event) for event in event_rules().event_types],
    "CompleteForm": lambda cls: [cls(kind=kind) for kind in Obligation.Kind.values],
}


def form_classes() -> Iterator[type[forms.BaseForm]]:
    for module_info in pkgutil.walk_packages([str(PACKAGE)], "safeplan."):
        # A forms module, or any module of a forms package (safeplan.marac.forms.areas).
        if not any("forms" in part for part in module_info.name.split(".")[2:]) or ".tests" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                yield value


def every_form() -> Iterator[forms.BaseForm]:
    for cls in form_classes():
        factory = FACTORIES.get(cls.__name__)
        yield from (factory(cls) if factory else [cls()])


def test_the_scan_finds_the_forms_of_every_app() -> None:
    names = {cls.__name__ for cls in form_classes()}
    assert {"AssessmentForm", "EventForm", "IncidentForm", "DiaryEntryForm", "PersonForm", "SaveForm"} <= names
    assert set(FACTORIES) <= names


def test_every_required_field_names_itself_in_its_error(db: None) -> None:
    generic = [
        f"{type(form).__name__}.{name}"
        for form in every_form()
        for name, field in form.fields.items()
        if field.required and str(field.error_messages.get("required")) == DJANGO_REQUIRED
    ]
    assert generic == []


def test_every_date_and_time_on_every_form_is_the_kits(db: None) -> None:
    dates = [(form, name, field) for form in every_form() for name, field in form.fields.items()]
    strays = [
        f"{type(form).__name__}.{name}"
        for form, name, field in dates
        if (isinstance(field, forms.DateField) and not isinstance(field, DateField))
        or (isinstance(field, forms.TimeField) and not isinstance(field, TimeField))
    ]
    assert strays == []
    assert sum(isinstance(field, DateField) for _form, _name, field in dates) > 10


def test_no_module_keeps_its_own_list_of_date_formats() -> None:
    own = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "/tests/" not in path.as_posix()
        and path.relative_to(PACKAGE).parts[0] != "testing"
        and path.name != "fields.py"
        and re.search(r"input_formats\s*=|\"%d/%m/%Y\"|\"%Y-%m-%d\"", path.read_text(encoding="utf-8"))
    ]
    assert own == []


@given(st.dates(min_value=date(1969, 1, 1), max_value=date(2068, 12, 31)))
def test_every_accepted_way_of_typing_a_date_gives_the_same_day(day: date) -> None:
    field = DateField(subject="the day")
    for pattern in DATE_INPUT_FORMATS:
        typed = day.strftime(pattern)
        assert field.clean(typed) == day, typed
    assert field.clean(f"{day.day} {day.month} {day.year}") == day


def test_a_date_before_1900_is_refused_with_a_message_that_names_it() -> None:
    field = DateField(subject=_lazy("the date of birth"))
    for typed in ("31 12 1899", "27/3/0026", "1026-03-27"):
        with pytest.raises(forms.ValidationError) as caught:
            field.clean(typed)
        assert caught.value.messages == ["The date of birth must be 1 1 1900 or later"]
    assert field.clean("1 1 1900") == EARLIEST_DATE


def test_a_date_that_cannot_be_in_the_future_is_refused_from_tomorrow() -> None:
    today = timezone.localdate()
    past = DateField(subject="the date it happened", past=True)
    assert past.clean(today.isoformat()) == today
    with pytest.raises(forms.ValidationError) as caught:
        past.clean((today + timedelta(days=1)).isoformat())
    assert caught.value.messages == ["The date it happened must be today or in the past"]
    later = DateField(subject="the date of the next review")
    assert later.clean((today + timedelta(days=400)).isoformat()) == today + timedelta(days=400)


def test_a_date_that_is_not_a_date_gets_a_message_that_names_it() -> None:
    field = DateField(subject="the date access ends")
    for typed in ("31 2 2026", "tomorrow", "2026-13-01"):
        with pytest.raises(forms.ValidationError) as caught:
            field.clean(typed)
        assert caught.value.messages == ["The date access ends must be a real date, for example 27 3 2026"]
    with pytest.raises(forms.ValidationError) as caught:
        field.clean("")
    assert caught.value.messages == ["Enter the date access ends"]


@pytest.mark.parametrize(
    "form_name", ["IncidentForm", "DiaryEntryForm", "PersonForm", "EventForm", "NotificationForm", "AssessmentForm"]
)
def test_every_form_refuses_a_date_outside_the_sane_range(db: None, form_name: str) -> None:
    forms_found = [form for form in every_form() if type(form).__name__ == form_name]
    assert forms_found
    for form in forms_found:
        for field in form.fields.values():
            if not isinstance(field, DateField):
                continue
            with pytest.raises(forms.ValidationError, match="1900 or later"):
                field.clean("1 1 1899")
            if field.past:
                with pytest.raises(forms.ValidationError, match="today or in the past"):
                    field.clean((timezone.localdate() + timedelta(days=1)).isoformat())


def test_a_required_text_field_must_say_what_to_enter() -> None:
    with pytest.raises(ImproperlyConfigured):
        TextField(label="Why?", required=True)
    field = TextField(label="Why?", required=True, required_message="Explain the decision.", max_length=5)
    with pytest.raises(forms.ValidationError) as caught:
        field.clean("")
    assert caught.value.messages == ["Explain the decision."]
    with pytest.raises(forms.ValidationError) as caught:
        field.clean("far too long")
    assert caught.value.messages == ["“Why?” must be 5 characters or fewer (it has 12)"]


class Question(forms.Form):
    answer = forms.ChoiceField(
        label="Is it safe to call?",
        help_text="Think of who else may hear.",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it is safe to call"},
    )


def render(source: str, form: forms.Form) -> str:
    return Template("{% load govuk %}" + source).render(Context({"form": form}))


def test_radios_render_inline_with_a_heading_legend_and_linked_hint_and_error() -> None:
    form = Question({})
    assert not form.is_valid()
    html = render('{% govuk_field form.answer inline=True heading="h2" label_size="m" %}', form)
    assert 'class="govuk-radios govuk-radios--small govuk-radios--inline"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">' in html
    assert '<h2 class="govuk-fieldset__heading">Is it safe to call?</h2>' in html
    assert 'aria-describedby="id_answer-hint id_answer-error"' in html
    assert html.count('id="id_answer-hint"') == 1
    assert html.count('id="id_answer-error"') == 1
    assert 'id="id_answer_0"' in html
    assert "Select whether it is safe to call" in html


def test_radios_render_stacked_with_a_plain_legend_by_default() -> None:
    html = render("{% govuk_field form.answer %}", Question())
    assert "govuk-radios--inline" not in html
    assert "govuk-fieldset__heading" not in html
    assert 'aria-describedby="id_answer-hint"' in html
    assert "govuk-form-group--error" not in html


def test_an_unknown_heading_level_is_a_template_error() -> None:
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        render('{% govuk_field form.answer heading="h7" %}', Question())


def _lazy(text: str) -> Any:
    from django.utils.functional import lazy

    return lazy(lambda: text, str)()


def test_a_chosen_file_is_said_to_be_lost_when_another_answer_needs_correcting() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    class Upload(forms.Form):
        file = forms.FileField(label="File")
        note = TextField(label="Note", required=True, required_message="Enter a note")

    page = Template("{% load govuk %}{% govuk_field form.file %}")
    chosen = {"file": SimpleUploadedFile("photo.jpg", b"jpeg bytes")}
    refused = page.render(Context({"form": Upload({"note": ""}, chosen)}))
    assert "Choose the file again" in refused
    assert 'aria-describedby="id_file-again"' in refused
    assert 'id="id_file-again"' in refused
    assert 'class="govuk-file-upload"' in refused
    accepted = Upload({"note": "fine"}, chosen)
    assert accepted.is_valid()
    assert "Choose the file again" not in page.render(Context({"form": accepted}))
    nothing_chosen = page.render(Context({"form": Upload({"note": ""}, {})}))
    assert "Choose the file again" not in nothing_chosen
