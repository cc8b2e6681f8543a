from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "safeplan.reports"
    label = "reports"
    verbose_name = "Reports: dashboards, returns and neighbourhood figures"

    def ready(self) -> None:
        from safeplan.cases import panels, textscan
        from safeplan.reports.models import LateReason
        from safeplan.reports.panel import equality_panel_context

        panels.register(order=45, template="reports/_case_panel.html", context=equality_panel_context)
        textscan.register(LateReason, ("note",), case_field="obligation__case", mutable=True)
