from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "safeplan.risk"
    label = "risk"
    verbose_name = "Risk assessment"
