from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "safeplan.marac"
    label = "marac"
    verbose_name = "MARAC and multi-agency risk management"

    def ready(self) -> None:
        from safeplan.cases import textscan
        from safeplan.marac.models import MaracDecision

        textscan.register(MaracDecision, ("reason",), case_field="assessment__case", mutable=True)
