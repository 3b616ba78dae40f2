"""Backups of the database and uploaded files, and their verified restore.

A backup is a folder: the database (``database.dump`` from pg_dump's custom format, or
``database.sqlite3`` from SQLite's online backup), ``media.tar.gz`` (uploaded files) and
``manifest.json``. The manifest holds the SHA-256 of each file and, for every table, its row
count and a checksum of its rows, taken from the same snapshot as the dump (PostgreSQL: pg_dump
reads the snapshot our repeatable-read transaction exported; SQLite: the copy itself is read).
A restore checks the files against the manifest before touching anything, restores, then reads
every table back and fails loudly if any count or checksum differs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"
FORMAT_VERSION = 1
# Files created while writing a backup are readable by their owner only.
PRIVATE_UMASK = 0o077
FETCH_SIZE = 2000


class BackupError(Exception):
    """A backup or restore that cannot be done, or a restore that does not match its backup."""


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    checksum: str


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fingerprint_rows(rows: Iterable[tuple]) -> TableFingerprint:
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update(
            repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)).encode()
        )
        digest.update(b"\n")
        count += 1
    return TableFingerprint(rows=count, checksum=digest.hexdigest())


def _iter_cursor(cursor) -> Iterable[tuple]:
    while True:
        batch = cursor.fetchmany(FETCH_SIZE)
        if not batch:
            return
        yield from batch


def _ordered_select(quote, table: str, column_count: int) -> str:
    order = ", ".join(str(i) for i in range(1, column_count + 1))
    # Table names come from the database's own catalogue, quoted: not user input.
    return f"SELECT * FROM {quote(table)} ORDER BY {order}"  # noqa: S608


def database_fingerprints(alias: str = "default") -> dict[str, TableFingerprint]:
    """Row count and checksum of every table, read through a Django connection."""
    conn = connections[alias]
    result: dict[str, TableFingerprint] = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            columns = conn.introspection.get_table_description(cursor, table)
            cursor.execute(_ordered_select(conn.ops.quote_name, table, len(columns)))
            result[table] = _fingerprint_rows(_iter_cursor(cursor))
    return result


def sqlite_file_fingerprints(path: Path) -> dict[str, TableFingerprint]:
    """The same fingerprints, read straight from a SQLite file (a backup copy)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        result = {}
        for table in names:
            quoted = _sqlite_quote(table)
            width = len(db.execute(f"PRAGMA table_info({quoted})").fetchall())
            cursor = db.execute(_ordered_select(_sqlite_quote, table, width))
            result[table] = _fingerprint_rows(_iter_cursor(cursor))
        return result
    finally:
        db.close()


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def current_fingerprints() -> dict[str, TableFingerprint]:
    """Fingerprints of the configured database, read the way its backups are read."""
    if _engine() == "sqlite":
        connections.close_all()
        return sqlite_file_fingerprints(Path(settings.DATABASES["default"]["NAME"]))
    return database_fingerprints()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    config = settings.DATABASES["default"]
    binary = shutil.which(program)
    if binary is None:
        raise BackupError(f"{program} is not installed (Debian package postgresql-client).")
    args = [binary]
    if config.get("HOST"):
        args += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        args += ["--port", str(config["PORT"])]
    if config.get("USER"):
        args += ["--username", str(config["USER"])]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return args, env


def backup_create(*, destination: Path, include_media: bool = True) -> dict:
    """Write a backup folder (which must not exist yet or be empty); return its manifest."""
    engine = _engine()
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: choose a new folder for the backup.")
    # The backup holds password hashes, two-step secrets and personal data: its folder is the
    # owner's alone (0700) and so is every file in it (0600), whatever the umask of the shell
    # that runs it. The umask covers the files as they are written (pg_dump's too); the chmods
    # after make it hold even where the umask is odd.
    previous_umask = os.umask(PRIVATE_UMASK)
    try:
        destination.mkdir(mode=0o700, parents=True, exist_ok=True)
        destination.chmod(0o700)
        manifest = _backup_write(destination, engine, include_media)
    finally:
        os.umask(previous_umask)
    for path in destination.iterdir():
        path.chmod(0o600)
    return manifest


def _backup_write(destination: Path, engine: str, include_media: bool) -> dict:
    if engine == "postgresql":
        tables = _pg_dump_with_fingerprints(destination / PG_DUMP)
    else:
        tables = _sqlite_copy(destination / SQLITE_COPY)
    media_root = Path(settings.MEDIA_ROOT)
    if include_media and media_root.is_dir():
        with tarfile.open(destination / MEDIA_ARCHIVE, "w:gz") as archive:
            archive.add(media_root, arcname="media")
    files = {
        path.name: _file_sha256(path)
        for path in sorted(destination.iterdir())
        if path.name != MANIFEST
    }
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": engine,
        "files": files,
        "tables": {name: {"rows": t.rows, "checksum": t.checksum} for name, t in tables.items()},
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def _sqlite_copy(copy: Path) -> dict[str, TableFingerprint]:
    """A consistent copy of the live SQLite database (its backup API), and its fingerprints."""
    source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
    target = sqlite3.connect(str(copy))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return sqlite_file_fingerprints(copy)


def _pg_dump_with_fingerprints(target: Path) -> dict[str, TableFingerprint]:
    """pg_dump and our checksums read the one snapshot of a repeatable-read transaction."""
    args, env = _pg_command("pg_dump")
    name = str(settings.DATABASES["default"]["NAME"])
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        result = subprocess.run(  # noqa: S603
            [*args, "--format=custom", f"--snapshot={snapshot}", f"--file={target}", name],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return database_fingerprints()


def _check_files(source: Path) -> dict:
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{source} has no {MANIFEST}: it is not a Coplan backup.")
    try:
        manifest = json.loads(manifest_path.read_text())
    except ValueError as exc:
        raise BackupError(f"{MANIFEST} is unreadable: {exc}") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.is_file() or _file_sha256(path) != expected:
            raise BackupError(f"{name} is missing or damaged (its checksum does not match).")
    return manifest


def backup_restore(*, source: Path) -> dict[str, TableFingerprint]:
    """Restore a backup folder over the configured database and media; verify every table."""
    source = Path(source)
    manifest = _check_files(source)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; the site uses {engine}."
        )
    connections.close_all()
    if engine == "postgresql":
        _postgresql_restore(source)
    else:
        _sqlite_restore(source)
    if MEDIA_ARCHIVE in manifest["files"]:
        _media_restore(source)
    return _verified(manifest["tables"])


def _postgresql_restore(source: Path) -> None:
    args, env = _pg_command("pg_restore")
    name = str(settings.DATABASES["default"]["NAME"])
    result = subprocess.run(  # noqa: S603
        [
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={name}",
            str(source / PG_DUMP),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _sqlite_restore(source: Path) -> None:
    backup_db = sqlite3.connect(f"file:{source / SQLITE_COPY}?mode=ro", uri=True)
    live = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]), timeout=30)
    try:
        backup_db.backup(live)
    finally:
        live.close()
        backup_db.close()


def _media_restore(source: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_ARCHIVE, "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("media")]
        for member in members:
            member.name = member.name[len("media") :].lstrip("/") or "."
        # The "data" filter refuses links, absolute paths and escapes from the folder.
        archive.extractall(media_root, members=members, filter="data")  # noqa: S202


def _verified(expected: dict) -> dict[str, TableFingerprint]:
    """The restored tables' fingerprints, each the backup's own; else a BackupError."""
    restored = current_fingerprints()
    wrong = [
        table
        for table, values in expected.items()
        if table not in restored
        or restored[table].rows != values["rows"]
        or restored[table].checksum != values["checksum"]
    ]
    if wrong:
        raise BackupError("Restored tables differ from the backup: " + ", ".join(sorted(wrong)))
    return restored
