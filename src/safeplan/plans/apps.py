from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "safeplan.plans"
    label = "plans"
    verbose_name = "Safety plans"

    def ready(self) -> None:
        from safeplan.cases import panels
        from safeplan.plans import checks, selectors

        checks.register()
        panels.register(order=25, template="plans/_case_panel.html", context=selectors.panel_context)
