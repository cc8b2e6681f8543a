"""Serve safeplan with gunicorn, a production-grade WSGI server."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from safeplan.housekeeping import leftovers


class Command(BaseCommand):
    help = "Serve the web application with gunicorn (static files by WhiteNoise)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=settings.SERVE_HOST)
        parser.add_argument("--port", type=int, default=settings.SERVE_PORT)
        parser.add_argument("--workers", type=int, default=settings.SERVE_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.SERVE_THREADS)

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        from safeplan.wsgi import application

        # Refuse to start on bad content or settings, as runserver would.
        call_command("check", fail_level="ERROR")
        if removed := leftovers.sweep():
            self.stdout.write(f"removed {removed} file(s) left by a process that stopped mid-upload or mid-export")

        class Server(BaseApplication):
            def load_config(self) -> None:
                self.cfg.set("bind", f"{options['host']}:{options['port']}")
                self.cfg.set("workers", options["workers"])
                self.cfg.set("threads", options["threads"])
                self.cfg.set("worker_class", "gthread")
                # No access log: URLs and addresses of people using the service stay off disk.
                self.cfg.set("accesslog", None)
                self.cfg.set("errorlog", "-")
                self.cfg.set("timeout", 60)
                self.cfg.set("forwarded_allow_ips", settings.SERVE_FORWARDED_ALLOW_IPS)

            def load(self) -> Any:
                return application

        self.stdout.write(f"serving on http://{options['host']}:{options['port']}/")
        Server().run()
