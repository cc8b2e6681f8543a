from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "safeplan.evidence"
    label = "evidence"
    verbose_name = "Incident diary and evidence"
