from django.apps import AppConfig


class TechsafetyConfig(AppConfig):
    name = "safeplan.techsafety"
    label = "techsafety"
    verbose_name = "Tech safety"

    def ready(self) -> None:
        from safeplan.cases import panels
        from safeplan.techsafety import indicatorlist, selectors  # noqa: F401 - registers its loaders

        # When the last tech safety check and scan were made, with links to them.
        panels.register(order=27, template="techsafety/_case_panel.html", context=selectors.panel_context)
