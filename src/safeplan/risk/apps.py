from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "safeplan.risk"
    label = "risk"
    verbose_name = "Risk assessment"

    def ready(self) -> None:
        from safeplan.cases import facts, panels, textscan
        from safeplan.risk.checks import check_risk_settings
        from safeplan.risk.models import Assessment
        from safeplan.risk.panel import risk_panel_context
        from safeplan.risk.selectors import fill_case_facts

        panels.register(order=20, template="risk/_case_panel.html", context=risk_panel_context, nav_label=_("Risk"))
        facts.register(fill_case_facts)
        checks.register(check_risk_settings)
        fields = ("victim_account", "notes", "judgement_reason", "lowering_reason")
        textscan.register(Assessment, fields, case_field="case", mutable=False)
