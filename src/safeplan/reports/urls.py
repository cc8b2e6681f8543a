from django.urls import path

from safeplan.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.index, name="index"),
    path("reports/team/", views.team, name="team"),
    path("reports/team/list/<slug:figure>/", views.figure_list, name="list"),
]
