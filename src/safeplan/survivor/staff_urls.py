from django.urls import path  # noqa: F401

app_name = "survivor_staff"

urlpatterns: list = []
