from django.urls import path

from safeplan.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.index, name="index"),
    path("reports/team/", views.team, name="team"),
    path("reports/team/list/<slug:figure>/", views.figure_list, name="list"),
    path("reports/compliance/", views.compliance, name="compliance"),
    path("reports/neighbourhood/", views.neighbourhood, name="neighbourhood"),
    path("reports/clares-law/", views.clares_law, name="clares_law"),
    path("reports/marac/<int:area_id>/", views.marac_return, name="marac_return"),
    # On the case: the victim's equality monitoring answers, which the MARAC return counts.
    path("cases/<int:case_id>/equality/", views.equality, name="equality"),
    # Why an obligation missed its deadline (Victims and Prisoners Act 2024 s5: "unless there is good reason").
    path("cases/<int:case_id>/obligations/<int:obligation_id>/late-reason/", views.late_reason, name="late_reason"),
]
