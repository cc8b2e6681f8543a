from django.urls import path

from safeplan.techsafety import views

app_name = "techsafety"

urlpatterns = [
    path("<int:case_id>/tech/", views.overview, name="overview"),
    path("<int:case_id>/tech/check/", views.check, name="check"),
    path("<int:case_id>/tech/to-plan/", views.to_plan, name="to_plan"),
    path("<int:case_id>/tech/scan/", views.scan_upload, name="scan_upload"),
    path("<int:case_id>/tech/scans/<int:scan_id>/", views.scan_detail, name="scan"),
]
