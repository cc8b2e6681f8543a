from django.apps import AppConfig


class SurvivorConfig(AppConfig):
    name = "safeplan.survivor"
    label = "survivor"
    verbose_name = "Survivor space"
