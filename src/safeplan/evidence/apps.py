from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "safeplan.evidence"
    label = "evidence"
    verbose_name = "Incident diary and evidence"

    def ready(self) -> None:
        from safeplan.cases import panels
        from safeplan.evidence.selectors import panel_context

        panels.register(order=40, template="evidence/_case_panel.html", context=panel_context)
