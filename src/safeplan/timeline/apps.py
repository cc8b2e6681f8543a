from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "safeplan.timeline"
    label = "timeline"
    verbose_name = "Timeline, trigger points and deadlines"

    def ready(self) -> None:
        from safeplan.cases import panels
        from safeplan.timeline.panel import timeline_panel_context

        panels.register(order=30, template="timeline/_case_panel.html", context=timeline_panel_context)
