"""The page that gives a closing case's open obligations their outcomes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.cases.selectors import editable_case_for
from safeplan.timeline import closing
from safeplan.timeline.models import Obligation
from safeplan.timeline.selectors import open_obligations
from safeplan.web.fields import RadiosField, TextField
from safeplan.web.forms import add_service_errors


class SettleForm(forms.Form):
    """An outcome and a note for each open obligation, fields named by the obligation's id."""

    def __init__(self, *args: Any, obligations: list[Obligation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for obligation in obligations:
            self.fields[f"outcome_{obligation.pk}"] = RadiosField(
                label=_("Outcome"),
                choices=closing.outcomes_for(obligation),
                required_message=_("Choose an outcome for this task"),
            )
            self.fields[f"note_{obligation.pk}"] = TextField(
                label=_("Why, or what was done"),
                rows=2,
                required=True,
                required_message=_("Explain the outcome"),
                max_length=None,
            )
            self.rows.append((obligation, self[f"outcome_{obligation.pk}"], self[f"note_{obligation.pk}"]))

    def outcomes(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            obligation.pk: (data[f"outcome_{obligation.pk}"], data[f"note_{obligation.pk}"])
            for obligation, _outcome, _note in self.rows
        }


@require_http_methods(["GET", "POST"])
@login_required
def settle(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = editable_case_for(request.user, case_id)
    waiting = list(open_obligations(case))
    form = SettleForm(request.POST if request.method == "POST" else None, obligations=waiting)
    if request.method == "POST" and waiting and form.is_valid():
        try:
            closing.obligations_settle(actor=request.user, case=case, outcomes=form.outcomes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("cases:close", case_id=case.pk)
    return render(request, "timeline/settle.html", {"case": case, "form": form, "waiting": waiting})
