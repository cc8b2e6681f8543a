from django.urls import path

from safeplan.api import views

app_name = "api_admin"

# An agency admin's pages for API credentials, under /staff/admin/integrations/.
urlpatterns = [
    path("", views.credentials_view, name="credentials"),
    path("new/", views.credential_create_view, name="credential_create"),
    path("<int:pk>/", views.credential_view, name="credential"),
    path("<int:pk>/rotate/", views.credential_rotate_view, name="credential_rotate"),
    path("<int:pk>/revoke/", views.credential_revoke_view, name="credential_revoke"),
]
