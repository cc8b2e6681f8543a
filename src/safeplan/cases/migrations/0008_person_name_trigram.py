"""Name search without reading every person: trigram indexes on PostgreSQL (pg_trgm).

search_cases() filters with icontains, which PostgreSQL runs as UPPER(column::text) LIKE
UPPER('%query%'); a GIN trigram index on that same expression answers it for a query of three
or more characters. Names are stored in clear (the search needs them), so the index holds
nothing that the table does not. SQLite, the one-machine default, has no such index and scans,
which is fine at its size. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner
may create it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

COLUMNS = ("full_name", "other_names")


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS cases_person_{column}_trgm ON cases_person "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS cases_person_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_list_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
