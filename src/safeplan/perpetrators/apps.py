from django.apps import AppConfig


class PerpetratorsConfig(AppConfig):
    name = "safeplan.perpetrators"
    label = "perpetrators"
    verbose_name = "Perpetrators across cases"

    def ready(self) -> None:
        from safeplan.cases import panels
        from safeplan.perpetrators.panel import index_panel_context

        # The case's suspects as the person index knows them: other records, never their content.
        panels.register(order=22, template="perpetrators/_case_panel.html", context=index_panel_context)
