from django.urls import path

from safeplan.disclosure import public_views, views

app_name = "disclosure"

urlpatterns = [
    # The public right-to-ask form, on the survivor side (/s/): public, and a plain path that says little in history.
    path("s/ask/", public_views.ask, name="ask"),
    path("s/ask/resume/", public_views.resume, name="ask_resume"),
    path("s/ask/exit/", public_views.leave, name="ask_exit"),
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
