from django.apps import AppConfig
from django.core import checks


class WebConfig(AppConfig):
    name = "safeplan.web"
    label = "web"
    verbose_name = "Web pages"

    def ready(self) -> None:
        from safeplan.web.checks import check_protections

        checks.register(check_protections, checks.Tags.security)
