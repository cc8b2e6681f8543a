from typing import Any

from django.apps import AppConfig
from django.core import checks


def _case_panel_context(case: Any, user: Any) -> dict[str, Any]:
    from safeplan.cases.permissions import can_edit

    return {"survivor_can_import": can_edit(user, case)}


class SurvivorConfig(AppConfig):
    name = "safeplan.survivor"
    label = "survivor"
    verbose_name = "Survivor space"

    def ready(self) -> None:
        # Registers this app's content loaders with the content start-up check.
        from safeplan.cases import panels
        from safeplan.survivor import checks as survivor_checks
        from safeplan.survivor import content  # noqa: F401

        checks.register(survivor_checks.check_local_helplines)
        # A link, under the safety plan, to the page where a share code is entered.
        panels.register(order=26, template="survivor/_case_panel.html", context=_case_panel_context)
