from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("safeplan.web.urls")),
    path("staff/", include("safeplan.accounts.urls")),
    path("language/", set_language, name="set_language"),
]

handler400 = "safeplan.web.views.bad_request"
handler403 = "safeplan.web.views.permission_denied"
handler404 = "safeplan.web.views.page_not_found"
handler500 = "safeplan.web.views.server_error"
