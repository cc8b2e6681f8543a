from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "safeplan.plans"
    label = "plans"
    verbose_name = "Safety plans"
