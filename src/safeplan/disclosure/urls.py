from django.urls import path

from safeplan.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("disclosure/", views.request_list, name="list"),
    path("disclosure/new/", views.request_new, name="new"),
    path("disclosure/figures/", views.figures, name="figures"),
    path("disclosure/<int:request_id>/", views.request_detail, name="detail"),
    path("disclosure/<int:request_id>/open-case/", views.open_case, name="open_case"),
    *(
        path(f"disclosure/<int:request_id>/{name}/", views.step, {"name": name}, name=f"step_{name.replace('-', '_')}")
        for name in views.STEPS
    ),
]
