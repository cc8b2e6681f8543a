from django.conf import settings
from django.urls import path

from safeplan.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
]

if settings.BENCH_FLOOR:
    # The benchmark's floor (benchmarks/bench_pages.py): off unless SAFEPLAN_BENCH_FLOOR is set.
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))
