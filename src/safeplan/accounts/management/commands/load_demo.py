"""Load clearly marked synthetic demo data. Running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safeplan.accounts import demo


class Command(BaseCommand):
    help = "Load synthetic demo agencies, teams and users (refused when SAFEPLAN_MODE=production)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.MODE == "production":
            raise CommandError("Demo data is never loaded in production (SAFEPLAN_MODE=production).")
        users = demo.load()
        self.stdout.write("Demo data is loaded. Every person in it is invented.")
        self.stdout.write("Sign in at /staff/login/ with any of these usernames and the password")
        self.stdout.write(f"    {demo.DEMO_PASSWORD}")
        for user in users:
            self.stdout.write(f"  {user.username:<24} {user.role:<18} {user.team}, {user.agency}")
