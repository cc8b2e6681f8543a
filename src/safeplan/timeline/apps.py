from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "safeplan.timeline"
    label = "timeline"
    verbose_name = "Timeline, trigger points and deadlines"

    def ready(self) -> None:
        from safeplan.cases import handovers, panels, textscan
        from safeplan.timeline.models import CaseEvent, NotificationRecord, Obligation
        from safeplan.timeline.panel import timeline_panel_context
        from safeplan.timeline.services import obligations_follow_handover

        panels.register(order=30, template="timeline/_case_panel.html", context=timeline_panel_context)
        handovers.register(obligations_follow_handover)
        # The event's own fields (bail conditions) are kept as written and shown masked.
        textscan.register(CaseEvent, ("details",), case_field="case", mutable=True)
        textscan.register(Obligation, ("completion_note",), case_field="case", mutable=True)
        textscan.register(NotificationRecord, ("what_was_said",), case_field="case", mutable=True)
