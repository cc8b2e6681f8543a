"""An admin's MARAC area pages: settings, coordinators, neighbourhoods and the sharing protocol.

An admin of the host agency configures an area; its coordinators read it. Everyone else
gets 404, exactly as for an area that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.marac.forms.areas import (
    DEFAULTS,
    AreaForm,
    CoordinatorsForm,
    NeighbourhoodForm,
    ProtocolForm,
    SignatureForm,
)
from safeplan.marac.models import MaracArea
from safeplan.marac.permissions import can_configure, can_host
from safeplan.marac.selectors import areas as selectors
from safeplan.marac.services import areas as services
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import paginate


def _configurable(request: AuthenticatedHttpRequest, area_id: int) -> MaracArea:
    area = selectors.area_for(request.user, area_id)
    if not can_configure(request.user, area):
        raise Http404
    return area


@require_safe
@login_required
def area_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    areas = selectors.areas_for(user)
    if not can_host(user) and not areas.exists():
        raise Http404
    page = paginate(request, areas.select_related("host_agency").order_by("name", "pk"))
    return render(request, "marac/area_list.html", {"page": page, "can_host": can_host(user)})


@require_http_methods(["GET", "POST"])
@login_required
def area_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_host(request.user):
        raise Http404
    form = AreaForm(request.POST if request.method == "POST" else None, initial=DEFAULTS)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.area_create(actor=request.user, name=form.cleaned_data["name"], settings=form.settings())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The MARAC was set up. Add its sharing protocol and coordinators next."))
            return redirect("marac:area", area_id=area.pk)
    return render(request, "marac/area_form.html", {"form": form, "area": None})


@require_safe
@login_required
def area_detail(request: AuthenticatedHttpRequest, area_id: int) -> HttpResponse:
    area = selectors.area_for(request.user, area_id)
    protocols = list(selectors.protocols(area)[:10])
    in_force = selectors.protocol_in_force(area)
    return render(
        request,
        "marac/area_detail.html",
        {
            "area": area,
            "can_configure": can_configure(request.user, area),
            "coordinators": list(area.coordinators.order_by("last_name", "first_name")),
            "neighbourhoods": list(area.neighbourhoods.all()[:100]),
            "protocols": protocols,
            "in_force": in_force,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def area_edit(request: AuthenticatedHttpRequest, area_id: int) -> HttpResponse:
    area = _configurable(request, area_id)
    form = AreaForm(
        request.POST if request.method == "POST" else None, initial=AreaForm.initial_for(area), editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.area_update(actor=request.user, area=area, settings=form.settings())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("marac:area", area_id=area.pk)
    return render(request, "marac/area_form.html", {"form": form, "area": area})


@require_http_methods(["GET", "POST"])
@login_required
def area_coordinators(request: AuthenticatedHttpRequest, area_id: int) -> HttpResponse:
    area = _configurable(request, area_id)
    form = CoordinatorsForm(
        request.POST if request.method == "POST" else None,
        candidates=selectors.coordinator_candidates(area),
        initial={"coordinators": list(area.coordinators.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.area_coordinators_set(
                actor=request.user, area=area, coordinators=form.cleaned_data["coordinators"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The coordinators were saved."))
            return redirect("marac:area", area_id=area.pk)
    return render(request, "marac/area_coordinators.html", {"form": form, "area": area})


@require_http_methods(["GET", "POST"])
@login_required
def neighbourhood_new(request: AuthenticatedHttpRequest, area_id: int) -> HttpResponse:
    area = _configurable(request, area_id)
    form = NeighbourhoodForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.neighbourhood_add(actor=request.user, area=area, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The neighbourhood was added."))
            return redirect("marac:area", area_id=area.pk)
    return render(request, "marac/neighbourhood_form.html", {"form": form, "area": area})


@require_http_methods(["GET", "POST"])
@login_required
def protocol_new(request: AuthenticatedHttpRequest, area_id: int) -> HttpResponse:
    area = _configurable(request, area_id)
    form = ProtocolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.protocol_add(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The protocol version was added. Record each agency's signature."))
            return redirect("marac:area", area_id=area.pk)
    return render(request, "marac/protocol_form.html", {"form": form, "area": area})


@require_http_methods(["GET", "POST"])
@login_required
def signature_new(request: AuthenticatedHttpRequest, area_id: int, protocol_id: int) -> HttpResponse:
    area = _configurable(request, area_id)
    protocol = selectors.protocol_for(area, protocol_id)
    agencies = selectors.signable_agencies(protocol)
    form = SignatureForm(request.POST if request.method == "POST" else None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.protocol_sign(actor=request.user, protocol=protocol, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The signature was recorded."))
            return redirect("marac:area", area_id=area.pk)
    return render(request, "marac/signature_form.html", {"form": form, "area": area, "protocol": protocol})
