"""The site's URLs plus two undecorated views, standing in for apps added in future."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from safeplan.urls import urlpatterns as site_urlpatterns


def secret(request: HttpRequest) -> HttpResponse:
    """A professional page written without any decorator."""
    return HttpResponse("case records")


def survivor(request: HttpRequest) -> HttpResponse:
    """A survivor-space page: public, never asks anyone to sign in."""
    return HttpResponse("survivor space")


urlpatterns = [
    path("marac/probe/", secret, name="probe_professional"),
    path("s/probe/", survivor, name="probe_survivor"),
    *site_urlpatterns,
]
