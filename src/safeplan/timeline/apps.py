from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "safeplan.timeline"
    label = "timeline"
    verbose_name = "Timeline, trigger points and deadlines"

    def ready(self) -> None:
        from safeplan.cases import handovers, panels
        from safeplan.timeline.panel import timeline_panel_context
        from safeplan.timeline.services import obligations_follow_handover

        panels.register(order=30, template="timeline/_case_panel.html", context=timeline_panel_context)
        handovers.register(obligations_follow_handover)
