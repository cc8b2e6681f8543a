"""The ``safeplan`` command: Django's management commands, with friendly names for operations.

safeplan serve            serve the web application (gunicorn)
safeplan migrate          create or update the database tables
safeplan demo             load synthetic demo data (refused in production)
safeplan create-admin     create the first admin of an agency
safeplan worker           run the background task worker
safeplan tick             queue periodic work (cron or a systemd timer)
safeplan audit verify [--checkpoints [FILE]]  check the audit chains (and the checkpoints outside the database)
safeplan audit checkpoint write a signed checkpoint of the audit chains now
safeplan verify-bundle F  check an evidence bundle, naming any changed file
safeplan generate-field-key [--id k2]   print a new field encryption key
safeplan generate-signing-key            print a new Ed25519 signing key (PEM; its fingerprint on stderr)
safeplan generate-audit-key [--id a2]    print a new audit chain key
safeplan rotate-keys      re-encrypt sensitive fields under the current key
safeplan backup FILE      write one encrypted archive of the database and the evidence files
safeplan restore FILE     restore that archive into an empty, migrated deployment (same field keys)
safeplan <command>        any other Django management command
"""

from __future__ import annotations

import os
import sys

from safeplan.env import ConfigError

ALIASES = {
    "demo": "load_demo",
    "create-admin": "create_agency_admin",
    "rotate-keys": "rotate_field_keys",
    "verify-bundle": "verify_bundle",
    "generate-field-key": "generate_field_key",
    "worker": "db_worker",
}


def main(argv: list[str] | None = None) -> int:
    """Run a management command; print configuration errors as one line."""
    arguments = list(sys.argv if argv is None else argv)
    arguments[0] = "safeplan"
    if len(arguments) > 1:
        arguments[1] = ALIASES.get(arguments[1], arguments[1])
    if len(arguments) == 1 or (arguments[1] in {"-h", "--help", "help"} and len(arguments) == 2):
        print(__doc__)
    if len(arguments) > 1 and arguments[1] == "generate_field_key":
        # Needs no settings: production refuses to start until this key exists.
        from safeplan.domain.fieldcrypto import generate_key

        key_id = arguments[3] if len(arguments) > 3 and arguments[2] == "--id" else "k1"
        print(f"{key_id}:{generate_key()}")
        return 0
    if len(arguments) > 1 and arguments[1] == "generate-audit-key":
        from safeplan.domain.fieldcrypto import generate_key

        key_id = arguments[3] if len(arguments) > 3 and arguments[2] == "--id" else "a1"
        print(f"{key_id}:{generate_key()}")
        return 0
    if len(arguments) > 1 and arguments[1] == "generate-signing-key":
        from safeplan.domain.signing import fingerprint, generate_private_key, private_key_pem

        key = generate_private_key()
        print(private_key_pem(key).decode("ascii"), end="")
        print(f"fingerprint {fingerprint(key.public_key())}", file=sys.stderr)
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(arguments)
    except ConfigError as error:
        print(f"safeplan: configuration error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
