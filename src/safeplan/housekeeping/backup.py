"""One encrypted archive of the database and the evidence files, and its restore into an empty deployment.

The archive is ``SPBK1`` + a JSON line (the archive key, wrapped with the field keyring), then a
tar stream sealed with safeplan.evidence.filecrypto: ``database.jsonl`` (every row of every
table as stored, so encrypted fields stay ciphertext and the audit and evidence chains keep
every byte they were computed over), every file under MEDIA_ROOT (exhibits, themselves
encrypted), and ``manifest.json`` (the migrations applied, the row counts, each file's SHA-256).
Nothing in it is plain text on disk, and it is of no use without the field keys, which are kept
apart from it, as the README says.

Restore checks everything before writing anything: the archive decrypts, the deployment is
migrated to the same migrations and holds no data, and every exhibit the rows name is in the
archive with its recorded SHA-256. The database and the files then come back together: the rows
in one transaction, the files written under temporary names and renamed at the end.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import shutil
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final, cast

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from safeplan.encryption import keyring
from safeplan.evidence.filecrypto import DecryptingReader, EncryptingWriter, FileDecryptError, new_file_key
from safeplan.evidence.filecrypto import unwrap_key as _unwrap
from safeplan.evidence.filecrypto import wrap_key as _wrap
from safeplan.evidence.models import Attachment, SharedCopy

MAGIC: Final = b"SPBK1\n"
DATABASE_NAME: Final = "database.jsonl"
MANIFEST_NAME: Final = "manifest.json"
MEDIA_PREFIX: Final = "media/"
_KEY_CONTEXT: Final = "safeplan-backup"
# Tables that migrate fills in itself (content types, permissions): replaced by the archive's rows.
_FILLED_BY_MIGRATE: Final = frozenset({"django_content_type", "auth_permission"})


class BackupError(ValueError):
    """The archive cannot be written or restored; the message says why."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int


def _tables() -> list[tuple[str, list[str]]]:
    """Return every table of the installed models (many-to-many tables too) with its columns."""
    found: dict[str, list[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        found[meta.db_table] = [field.column for field in meta.concrete_fields]
    return sorted(found.items())


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return {"$json": value}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$b64" in value:
        return base64.b64decode(value["$b64"])
    if isinstance(value, dict) and "$json" in value:
        return json.dumps(value["$json"])
    return value


def _rows(table: str, columns: list[str]) -> Iterator[list[Any]]:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {quote(table)}")  # noqa: S608 - quoted names
        while batch := cursor.fetchmany(1000):
            for row in batch:
                yield [_encode(value) for value in row]


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _add(archive: tarfile.TarFile, name: str, source: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    archive.addfile(info, source)


def write_backup(target: IO[bytes]) -> dict[str, Any]:
    """Write the archive to target (a binary stream) and return its manifest."""
    key = new_file_key()
    wrapped = _wrap(keyring(), key, _KEY_CONTEXT)
    target.write(MAGIC + json.dumps({"wrapped_key": wrapped}).encode("ascii") + b"\n")
    writer = EncryptingWriter(target, key)
    on_disk = {path.relative_to(Path(settings.MEDIA_ROOT)).as_posix() for path in _media_files()}
    if missing := sorted(_referenced_files() - on_disk):
        raise BackupError(
            f"{len(missing)} exhibit file(s) the database names are not in {settings.MEDIA_ROOT}: "
            "a backup without them would lose evidence, so none was written"
        )
    manifest: dict[str, Any] = {"format": 1, "migrations": _applied_migrations(), "tables": {}, "files": {}}
    with transaction.atomic(), tarfile.open(fileobj=cast(Any, writer), mode="w|") as archive:
        # One transaction (repeatable on PostgreSQL's snapshot) so the rows agree with each other.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        database = io.BytesIO()
        for table, columns in _tables():
            database.write(json.dumps({"table": table, "columns": columns}).encode("utf-8") + b"\n")
            count = 0
            for row in _rows(table, columns):
                database.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
                count += 1
            manifest["tables"][table] = count
        size = database.tell()
        database.seek(0)
        _add(archive, DATABASE_NAME, database, size)
        root = Path(settings.MEDIA_ROOT)
        for path in _media_files():
            relative = path.relative_to(root).as_posix()
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                while chunk := handle.read(1024 * 1024):
                    digest.update(chunk)
                handle.seek(0)
                _add(archive, MEDIA_PREFIX + relative, handle, path.stat().st_size)
            manifest["files"][relative] = digest.hexdigest()
        body = json.dumps(manifest, sort_keys=True).encode("utf-8")
        _add(archive, MANIFEST_NAME, io.BytesIO(body), len(body))
    writer.close()
    return manifest


def _open_archive(source: IO[bytes]) -> DecryptingReader:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError("this is not a safeplan backup")
    try:
        header = json.loads(source.readline())
        key = _unwrap(keyring(), header["wrapped_key"], _KEY_CONTEXT)
    except (ValueError, KeyError, TypeError):
        raise BackupError(
            "the backup's key does not open with this deployment's field keys (SAFEPLAN_FIELD_KEYS): "
            "restore needs the keys the backup was made with"
        ) from None
    return DecryptingReader(source, key)


def _read_members(source: IO[bytes], staging: Path) -> tuple[dict[str, Any], Path, dict[str, Path]]:
    """Unpack the archive into staging (database and media files, still encrypted as they were); check it."""
    database = staging / DATABASE_NAME
    files: dict[str, Path] = {}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(fileobj=cast(Any, _open_archive(source)), mode="r|") as archive:
            for number, member in enumerate(archive):
                extracted = archive.extractfile(member) if member.isfile() else None
                if extracted is None:
                    raise BackupError(f"the backup holds an unexpected entry: {member.name!r}")
                if member.name == MANIFEST_NAME:
                    manifest = json.loads(extracted.read())
                    continue
                if member.name == DATABASE_NAME:
                    path = database
                elif member.name.startswith(MEDIA_PREFIX) and ".." not in member.name.split("/"):
                    path = staging / f"file-{number}"
                    files[member.name[len(MEDIA_PREFIX) :]] = path
                else:
                    raise BackupError(f"the backup holds an unexpected entry: {member.name!r}")
                with path.open("wb") as out:
                    while chunk := extracted.read(1024 * 1024):
                        out.write(chunk)
    except (tarfile.TarError, FileDecryptError) as error:
        raise BackupError(f"the backup is damaged or incomplete ({error})") from None
    if manifest is None or not database.exists():
        raise BackupError("the backup is incomplete: it has no database or no manifest")
    missing = sorted(set(manifest["files"]) - set(files))
    if missing:
        raise BackupError(f"the backup is incomplete: {len(missing)} evidence file(s) are missing from it")
    for relative, path in files.items():
        if hashlib.sha256(path.read_bytes()).hexdigest() != manifest["files"].get(relative):
            raise BackupError(f"the backup is damaged: the file {relative} does not match its recorded SHA-256")
    return manifest, database, files


def _referenced_files() -> set[str]:
    """Return the media paths the rows name (exhibits and their shared copies)."""
    names = set(Attachment.objects.values_list("stored_name", flat=True))
    names |= set(SharedCopy.objects.values_list("stored_name", flat=True))
    return {f"evidence/{name}" for name in names}


def _check_empty_target(manifest: dict[str, Any]) -> None:
    if _applied_migrations() != manifest["migrations"]:
        raise BackupError(
            "this deployment's database is not migrated to the same version as the backup: "
            "install the same safeplan version, run `safeplan migrate`, then restore"
        )
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if user_model.objects.exists():
        raise BackupError("this deployment already holds data: restore only into an empty, migrated database")
    if _media_files():
        raise BackupError(f"{settings.MEDIA_ROOT} already holds files: restore only into an empty deployment")


def _insert_rows(database: Path) -> tuple[int, int]:
    quote = connection.ops.quote_name
    tables = rows = 0
    statement = ""
    batch: list[list[Any]] = []
    models_by_table = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}

    def flush() -> None:
        if batch:
            with connection.cursor() as cursor:
                cursor.executemany(statement, batch)
            batch.clear()

    with database.open("rb") as lines:
        for line in lines:
            item = json.loads(line)
            if isinstance(item, dict):
                flush()
                table, columns = item["table"], item["columns"]
                if table not in models_by_table:
                    raise BackupError(f"the backup holds a table this version does not have: {table}")
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - quoted name; empty or filled by migrate
                names = ", ".join(quote(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                statement = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608 - quoted names
                tables += 1
                continue
            batch.append([_decode(value) for value in item])
            rows += 1
            if len(batch) >= 500:
                flush()
    flush()
    sequences = connection.ops.sequence_reset_sql(no_style(), list(models_by_table.values()))
    with connection.cursor() as cursor:
        for sql in sequences:
            cursor.execute(sql)
    return tables, rows


def restore_backup(source: IO[bytes], staging: Path) -> RestoreReport:
    """Restore the archive into this empty deployment; raise BackupError before writing anything if it cannot."""
    manifest, database, files = _read_members(source, staging)
    _check_empty_target(manifest)
    root = Path(settings.MEDIA_ROOT)
    placed: list[Path] = []
    try:
        with transaction.atomic():
            with connection.constraint_checks_disabled():
                tables, rows = _insert_rows(database)
            connection.check_constraints()
            missing = sorted(_referenced_files() - set(files))
            if missing:
                raise BackupError(
                    f"the backup is incomplete: {len(missing)} exhibit file(s) its records name are missing"
                )
            for relative, path in files.items():
                final = root / relative
                final.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                temporary = final.with_name(final.name + ".restoring")
                placed.append(temporary)
                shutil.move(path, temporary)
            for temporary in placed:
                temporary.replace(temporary.with_name(temporary.name.removesuffix(".restoring")))
    except BaseException:
        for temporary in placed:
            temporary.unlink(missing_ok=True)
            temporary.with_name(temporary.name.removesuffix(".restoring")).unlink(missing_ok=True)
        raise
    return RestoreReport(tables=tables, rows=rows, files=len(files))
