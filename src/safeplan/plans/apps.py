from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "safeplan.plans"
    label = "plans"
    verbose_name = "Safety plans"

    def ready(self) -> None:
        from safeplan.cases import facts, panels, textscan
        from safeplan.plans import checks, selectors
        from safeplan.plans.models import SafetyPlanItem, SafetyPlanVersion

        checks.register()
        facts.register(selectors.fill_case_facts)
        panels.register(
            order=25, template="plans/_case_panel.html", context=selectors.panel_context, nav_label=_("Safety plan")
        )
        fields = ("coping_strategies", "change_note")
        textscan.register(SafetyPlanVersion, fields, case_field="plan__case", mutable=False)
        textscan.register(SafetyPlanItem, ("owner_note",), case_field="version__plan__case", mutable=False)
