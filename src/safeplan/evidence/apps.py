from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "safeplan.evidence"
    label = "evidence"
    verbose_name = "Incident diary and evidence"

    def ready(self) -> None:
        from safeplan.cases import panels, textscan
        from safeplan.evidence.models import Amendment, Attachment, Incident
        from safeplan.evidence.selectors import panel_context

        panels.register(order=40, template="evidence/_case_panel.html", context=panel_context, nav_label=_("Evidence"))
        fields = ("place", "summary", "victim_words", "words_used", "injuries", "witnesses", "children")
        textscan.register(
            Incident, (*fields, "agencies_told", "effect", "approximation"), case_field="case", mutable=False
        )
        textscan.register(Amendment, ("text", "reason"), case_field="case", mutable=False)
        textscan.register(Attachment, ("description",), case_field="case", mutable=False)
