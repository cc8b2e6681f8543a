from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "safeplan.disclosure"
    label = "disclosure"
    verbose_name = "Clare's Law (domestic violence disclosure scheme)"
