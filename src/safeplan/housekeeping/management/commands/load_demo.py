"""Load clearly marked synthetic demo data. Running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safeplan.accounts.demo import DEMO_PASSWORD, USERS
from safeplan.accounts.demo_devices import ensure_demo_backup_codes, ensure_demo_device
from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.housekeeping.demo import load_all


class Command(BaseCommand):
    help = "Load synthetic demo agencies, teams, users and cases (refused when SAFEPLAN_MODE=production)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.MODE == "production":
            raise CommandError("Demo data is never loaded in production (SAFEPLAN_MODE=production).")
        load_all()
        self.stdout.write("Demo data is loaded. Every person, agency and case in it is invented.")
        self.stdout.write("")
        self.stdout.write("Sign in at http://127.0.0.1:8000/staff/login/ (PORT if you changed it) with a username")
        self.stdout.write(f"below and the password   {DEMO_PASSWORD}")
        self.stdout.write("Then give a code from an authenticator app set up with the user's key below, or one of")
        self.stdout.write("the user's backup codes (each works once; `safeplan demo` again restores them).")
        self.stdout.write("")
        self.stdout.write(f"  {'username':<22} {'role':<18} {'authenticator key':<34} backup codes")
        for entry in USERS:
            user = User.objects.get(username=entry.username)
            secret = ensure_demo_device(user)
            codes = ensure_demo_backup_codes(user)
            self.stdout.write(f"  {user.username:<22} {user.role:<18} {secret:<34} {' '.join(codes[:3])} ...")
        self.stdout.write("")
        cases = Case.objects.filter(is_demo=True).count()
        self.stdout.write(f"{cases} synthetic cases (references SP-DEMO-0001 onwards).")
