from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "safeplan.reports"
    label = "reports"
    verbose_name = "Reports: dashboards, returns and neighbourhood figures"
