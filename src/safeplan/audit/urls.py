from django.urls import path

from safeplan.audit import views

app_name = "audit"

urlpatterns = [
    path("users/<int:user_id>/", views.user_audit, name="user"),
]
