from django.urls import path

from safeplan.risk import views

app_name = "risk"

urlpatterns = [
    path("<int:case_id>/risk/", views.history, name="history"),
    path("<int:case_id>/risk/new/<str:instrument_id>/", views.assessment_new, name="new"),
    path("<int:case_id>/risk/<int:assessment_id>/", views.assessment_detail, name="detail"),
]
