from django.urls import path

from safeplan.evidence import public_views

urlpatterns = [
    path("evidence-keys/", public_views.evidence_keys, name="evidence_keys"),
    path("evidence-keys/keys.pem", public_views.evidence_keys_pem, name="evidence_keys_pem"),
]
