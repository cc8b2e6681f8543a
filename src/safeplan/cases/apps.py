from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safeplan.cases"
    label = "cases"
    verbose_name = "Cases"
