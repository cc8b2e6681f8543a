from django.apps import AppConfig


class HousekeepingConfig(AppConfig):
    name = "safeplan.housekeeping"
    label = "housekeeping"
    verbose_name = "Housekeeping"
