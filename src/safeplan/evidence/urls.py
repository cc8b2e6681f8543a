from django.urls import path

from safeplan.evidence import views

app_name = "evidence"

urlpatterns = [
    path("<int:case_id>/incidents/", views.incident_list, name="incident_list"),
    path("<int:case_id>/incidents/new/", views.incident_create, name="incident_create"),
    path("<int:case_id>/incidents/import/", views.incident_import, name="incident_import"),
    path("<int:case_id>/incidents/<int:incident_id>/", views.incident_detail, name="incident_detail"),
    path("<int:case_id>/incidents/<int:incident_id>/amend/", views.incident_amend, name="incident_amend"),
    path("<int:case_id>/incidents/<int:incident_id>/attachments/new/", views.attachment_add, name="attachment_add"),
    path(
        "<int:case_id>/attachments/<int:attachment_id>/download/", views.attachment_download, name="attachment_download"
    ),
    path("<int:case_id>/attachments/<int:attachment_id>/shared-copy/", views.shared_copy_make, name="shared_copy"),
    path("<int:case_id>/bundle/", views.bundle_export, name="bundle_export"),
    path("bundles/verify/", views.bundle_verify, name="bundle_verify"),
]
