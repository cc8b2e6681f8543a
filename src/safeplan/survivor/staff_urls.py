from django.urls import path

from safeplan.survivor.views import staff

app_name = "survivor_staff"

urlpatterns = [
    path("<int:case_id>/import-survivor-plan/", staff.import_plan, name="import_plan"),
]
