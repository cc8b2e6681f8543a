"""Create the first admin of an agency, from the command line."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeplan.accounts.models import Agency, Nation
from safeplan.accounts.services import agency_admin_create


class Command(BaseCommand):
    help = (
        "Create an agency (if it does not exist) and its first admin. "
        "The password is asked for, or read from standard input with --password-stdin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="the agency's name")
        parser.add_argument("--kind", choices=Agency.Kind.values, default=Agency.Kind.POLICE)
        parser.add_argument("--nation", choices=Nation.values, default=Nation.ENGLAND_AND_WALES)
        parser.add_argument("--username", required=True)
        parser.add_argument("--name", default="", help="the admin's full name")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if getpass.getpass("Password again: ") != password:
                raise CommandError("The passwords do not match; nothing was created.")
        try:
            user = agency_admin_create(
                agency_name=options["agency"],
                kind=options["kind"],
                nation=options["nation"],
                username=options["username"],
                password=password,
                full_name=options["name"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was created.") from None
        self.stdout.write(
            f"Created {user.username}, admin of {user.agency}. They must enrol a second factor when they first sign in."
        )
