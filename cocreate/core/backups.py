"""Backups of the site's database in one file: SQLite's own format, or pg_dump's custom archive.

Both are taken while the app keeps writing: SQLite's online backup API copies one consistent
snapshot (a WAL reader never blocks the writer), and pg_dump reads in one snapshot transaction.
A backup is written beside its destination and renamed into place, so a failed or interrupted
backup never leaves a truncated file where a good one was. A restore checks the file (its kind,
that it is readable and holds a Cocreate database) before it touches the site's data, replaces
everything in one transaction, and then empties the cache. Every failure is a `BackupError` with
a one-line reason.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.db import Error as DatabaseError

SQLITE, POSTGRESQL = "sqlite", "postgresql"
# The first bytes of each kind of backup file: SQLite's header string, pg_dump's archive magic.
MAGIC = {SQLITE: b"SQLite format 3\x00", POSTGRESQL: b"PGDMP"}
NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
# Every Cocreate database has this table; a file without it is someone else's database.
MARKER_TABLE = "django_migrations"


class BackupError(Exception):
    """A backup or restore that did not happen, with a one-line reason."""


def backup(connection: Any, path: Path, *, force: bool = False) -> str:
    """Write the database behind `connection` to `path`; return the vendor written."""
    vendor = _vendor(connection)
    if path.is_dir():
        raise BackupError(f"{path} is a directory: name the backup file")
    if path.exists() and not force:
        raise BackupError(f"{path} already exists: pass --force to overwrite it")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a directory")
    if vendor == POSTGRESQL:
        _check_tool("pg_dump", connection)
    try:
        # mkstemp creates the file readable by its owner only: a backup holds password hashes.
        handle, partial_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".part"
        )
        os.close(handle)
    except OSError as error:
        raise BackupError(f"cannot write in {path.parent}: {error.strerror}") from None
    partial = Path(partial_name)
    try:
        if vendor == SQLITE:
            _sqlite_backup(connection, partial)
        else:
            _pg_run(connection, "pg_dump", ["--format=custom", f"--file={partial}"])
        os.replace(partial, path)
    except OSError as error:
        raise BackupError(f"cannot write {path}: {error.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
    return vendor


def restore(connection: Any, path: Path) -> str:
    """Replace the database behind `connection` with the backup in `path`; return its vendor."""
    vendor = _vendor(connection)
    kind = kind_of(path)
    if kind != vendor:
        raise BackupError(
            f"{path} is a {NAMES[kind]} backup but this site's database is {NAMES[vendor]}: "
            f"restore it into a {NAMES[kind]} site"
        )
    if vendor == SQLITE:
        _sqlite_restore(connection, path)
    else:
        _check_tool("pg_restore", connection)
        _pg_check_archive(connection, path)
        _pg_run(
            connection,
            "pg_restore",
            # One transaction: a restore that fails half-way leaves the site as it was.
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"],
            archive=path,
        )
    _clear_caches()
    return vendor


def _clear_caches() -> None:
    """Cached fragments, counters and cache keys describe the data the restore replaced (an
    activity counter restored to an older value would find pages cached after the backup)."""
    try:
        for cache in caches.all():
            cache.clear()
    except Exception as error:  # any cache backend's failure, reported in one line
        raise BackupError(
            f"the database is restored, but clearing the cache failed: {error}"
        ) from None


def kind_of(path: Path) -> str:
    """SQLITE or POSTGRESQL, read from the file's first bytes."""
    try:
        with path.open("rb") as stream:
            head = stream.read(len(MAGIC[SQLITE]))
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except OSError as error:
        raise BackupError(f"{path}: {error.strerror}") from None
    for kind, magic in MAGIC.items():
        if head.startswith(magic):
            return kind
    raise BackupError(f"{path} is not a backup: neither a SQLite file nor a pg_dump archive")


def _vendor(connection: Any) -> str:
    if connection.vendor not in MAGIC:  # pragma: no cover - the project supports these two
        raise BackupError(f"backups are not built for {connection.vendor}")
    return str(connection.vendor)


def _connect(connection: Any) -> None:
    """Open the site's database, or say in one line why it cannot be opened."""
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        lines = str(error).strip().splitlines() or [type(error).__name__]
        raise BackupError(f"cannot open the database: {lines[0]}") from None


def _sqlite_backup(connection: Any, target: Path) -> None:
    """Copy the live database in one step (one read transaction: a consistent snapshot that a
    concurrent writer cannot restart), then make the copy a single self-contained file."""
    _connect(connection)
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"SQLite backup failed: {error}") from None
    finally:
        copy.close()


def _sqlite_restore(connection: Any, path: Path) -> None:
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{path}: {error}") from None
    try:
        _sqlite_check(source, path)
        _connect(connection)
        if not connection.get_autocommit():
            raise BackupError("cannot restore inside a transaction")
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite restore failed: {error}") from None
    finally:
        source.close()
        connection.close()  # the next use reconnects and re-applies the site's pragmas


def _sqlite_check(source: sqlite3.Connection, path: Path) -> None:
    try:
        problems = [row[0] for row in source.execute("PRAGMA quick_check")]
        marked = source.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MARKER_TABLE]
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is damaged: {error}") from None
    if problems != ["ok"]:
        raise BackupError(f"{path} is damaged: {problems[0]}")
    if not marked:
        raise BackupError(f"{path} is not a Cocreate backup: it has no {MARKER_TABLE} table")


def _check_tool(tool: str, connection: Any) -> None:
    """The client tool must be the server's major version: an older pg_dump refuses a newer
    server, and a newer one writes archives and SQL that an older server's tools refuse."""
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"{tool} not found: install the PostgreSQL client tools")
    result = subprocess.run(  # noqa: S603 - a fixed tool found on PATH, no shell
        [path, "--version"], capture_output=True, text=True, check=False, timeout=30
    )
    found = re.search(r"\)\s+(\d+)", result.stdout)
    _connect(connection)
    server = connection.pg_version // 10000
    if found is None or int(found.group(1)) != server:
        version = found.group(1) if found else "of unknown version"
        raise BackupError(
            f"{tool} {version} does not match the PostgreSQL {server} server: "
            f"install the version {server} client tools (postgresql-client-{server})"
        )


def _pg_check_archive(connection: Any, path: Path) -> None:
    """Read the archive's table of contents before anything is dropped."""
    listing = _pg_run(connection, "pg_restore", ["--list"], archive=path, connect=False)
    if not re.search(rf"^\d+;.* TABLE \S+ {MARKER_TABLE} ", listing, re.MULTILINE):
        raise BackupError(f"{path} is not a Cocreate backup: it has no {MARKER_TABLE} table")


def _pg_run(
    connection: Any,
    tool: str,
    options: list[str],
    *,
    archive: Path | None = None,
    connect: bool = True,
) -> str:
    """Run `tool` against the site's database (the settings Django's dbshell reads; the
    password travels in the environment, never on the command line); return its output."""
    settings = connection.settings_dict
    if connect and tool == "pg_restore":
        if not settings["NAME"]:
            raise BackupError("pg_restore needs the database name in DATABASE_URL")
        options = [*options, "--dbname"]  # Django's arguments end with the name
    args, env = connection.client.settings_to_cmd_args_env(settings, options)
    command = [tool, *args[1:]] if connect else [tool, *options]
    if archive is not None:
        command.append(str(archive))
    result = subprocess.run(  # noqa: S603 - fixed tools, no shell
        command, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()] or ["no message"]
        first = next((line for line in lines if "error: " in line), lines[0])
        reason = first.partition("error: ")[2] or first
        raise BackupError(f"{tool} failed (exit status {result.returncode}): {reason}")
    return result.stdout
