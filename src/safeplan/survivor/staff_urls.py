from django.urls import path

from safeplan.survivor import staff_views

app_name = "survivor_staff"

urlpatterns = [
    path("<int:case_id>/import-survivor-plan/", staff_views.import_plan, name="import_plan"),
]
