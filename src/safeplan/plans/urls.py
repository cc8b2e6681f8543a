from django.urls import path

from safeplan.plans import views

app_name = "plans"

urlpatterns = [
    path("<int:case_id>/plan/", views.plan, name="plan"),
    path("<int:case_id>/plan/build/", views.build, name="build"),
    path("<int:case_id>/plan/build/coping/", views.build_coping, name="build_coping"),
    path("<int:case_id>/plan/build/circumstances/", views.build_circumstances, name="build_circumstances"),
    path("<int:case_id>/plan/build/measures/", views.build_measures, name="build_measures"),
    path("<int:case_id>/plan/build/parts/", views.build_parts, name="build_parts"),
    path("<int:case_id>/plan/build/discard/", views.build_discard, name="build_discard"),
    path("<int:case_id>/plan/versions/<int:version_id>/", views.version_detail, name="version"),
    path(
        "<int:case_id>/plan/versions/<int:version_id>/diff/<int:other_version_id>/",
        views.version_diff,
        name="diff",
    ),
    path("<int:case_id>/plan/versions/<int:version_id>/print/", views.version_print, name="print"),
    path("<int:case_id>/plan/versions/<int:version_id>/pdf/", views.version_pdf, name="pdf"),
]
