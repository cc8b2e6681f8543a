from django.urls import path

from safeplan.techsafety import views

app_name = "techsafety"

urlpatterns = [
    path("<int:case_id>/tech/", views.overview, name="overview"),
    path("<int:case_id>/tech/check/", views.check, name="check"),
]
