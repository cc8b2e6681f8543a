import importlib
import pkgutil

from django.apps import AppConfig
from django.core import checks

# Modules of this package that hold machinery, not content.
MACHINERY = {"apps", "checks", "loader", "schema"}


class ContentConfig(AppConfig):
    name = "safeplan.content"
    label = "content"
    verbose_name = "Content"

    def ready(self) -> None:
        # Import every content module so that its loader is registered for the check.
        package = importlib.import_module(self.name)
        for module in pkgutil.iter_modules(package.__path__):
            if not module.name.startswith("_") and module.name not in MACHINERY and not module.ispkg:
                importlib.import_module(f"{self.name}.{module.name}")
        from safeplan.content import checks as content_checks

        checks.register(content_checks.check_content)
