from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "safeplan.marac"
    label = "marac"
    verbose_name = "MARAC and multi-agency risk management"

    def ready(self) -> None:
        from safeplan.cases import panels, textscan
        from safeplan.marac.models import MaracDecision, MaracReferral
        from safeplan.marac.panel import marac_panel_context
        from safeplan.marac.services.releases import releases_alert
        from safeplan.perpetrators.releases import on_release

        panels.register(order=25, template="marac/_case_panel.html", context=marac_panel_context)
        textscan.register(MaracDecision, ("reason",), case_field="assessment__case", mutable=True)
        referral_texts = ("afraid_of", "safe_to_talk_to", "not_safe_to_talk_to", "children_schools")
        textscan.register(MaracReferral, referral_texts, case_field="case", mutable=True)
        # A release date on a case this MARAC heard alerts its coordinators (issue 18).
        on_release(releases_alert)
