from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "safeplan.marac"
    label = "marac"
    verbose_name = "MARAC and multi-agency risk management"
