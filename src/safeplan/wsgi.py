"""WSGI entry point, for gunicorn or any other WSGI server."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from safeplan.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")

try:
    application = get_wsgi_application()
except ConfigError as error:
    sys.stderr.write(f"safeplan: configuration error: {error}\n")
    raise SystemExit(2) from None
