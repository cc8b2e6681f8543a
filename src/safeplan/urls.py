from django.urls import include, path, re_path

from safeplan.api.api import api, unmatched
from safeplan.cases.views import staff_home
from safeplan.web import language

urlpatterns = [
    path("", include("safeplan.web.urls")),
    path("", include("safeplan.evidence.public_urls")),
    # Every professional's first page after signing in; it lists the cases handed to them.
    path("staff/", staff_home, name="staff_home"),
    path("staff/", include("safeplan.accounts.urls")),
    # An agency admin's API credentials (safeplan.api).
    path("staff/admin/integrations/", include("safeplan.api.urls")),
    # Passkey ceremonies (django-otp-webauthn's names, our audited views).
    path("staff/webauthn/", include("safeplan.accounts.webauthn")),
    path("cases/", include("safeplan.cases.urls")),
    path("cases/", include("safeplan.risk.urls")),
    path("cases/", include("safeplan.timeline.urls")),
    path("cases/", include("safeplan.plans.urls")),
    path("cases/", include("safeplan.evidence.urls")),
    path("cases/", include("safeplan.survivor.staff_urls")),
    path("cases/", include("safeplan.techsafety.urls")),
    path("", include("safeplan.marac.urls")),
    path("", include("safeplan.perpetrators.urls")),
    path("", include("safeplan.disclosure.urls")),
    path("", include("safeplan.reports.urls")),
    path("s/", include("safeplan.survivor.urls")),
    # The JSON API for police and agency systems (safeplan.api).
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unmatched),
    # The language switch on every page: no cookie; the session and the professional's preference.
    path("language/<str:code>/", language.switch, name="language"),
]

handler400 = "safeplan.web.views.bad_request"
handler403 = "safeplan.web.views.permission_denied"
handler404 = "safeplan.web.views.page_not_found"
handler500 = "safeplan.web.views.server_error"
