from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "safeplan.timeline"
    label = "timeline"
    verbose_name = "Timeline, trigger points and deadlines"
