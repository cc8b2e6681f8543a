from django.urls import path

from safeplan.marac import views

app_name = "marac"

urlpatterns = [
    # The decision keeps the address it had when it lived in risk.
    path("cases/<int:case_id>/risk/<int:assessment_id>/marac-decision/", views.decision, name="decision"),
]
