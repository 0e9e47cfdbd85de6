"""`cocreate backup` and `cocreate restore` as an operator meets them: exit 0 when done, 1 with a
one-line reason when not (and the site and any earlier backup unchanged), 2 on bad usage."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from ..cli.helpers import cocreate
from .conftest import TEST_DATABASE_URL, Site, needs_postgresql

SQLITE_HEADER = b"SQLite format 3\x00"


def one_line(stderr: str, command: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"cocreate {command}: "), stderr
    return lines[0]


# Usage and the file's own problems are settled before the database is opened, so these run in
# the test process, against whichever database this pass uses.


@pytest.mark.parametrize("args", [[], ["--overwrite", "a"]])
@pytest.mark.parametrize("command", ["backup", "restore"])
def test_bad_usage_exits_2(command: str, args: list[str]):
    assert cocreate(command, *args).returncode == 2


def test_an_existing_file_or_a_missing_directory_is_refused(tmp_path: Path):
    file = tmp_path / "site.backup"
    file.write_bytes(b"last week's backup")
    refused = cocreate("backup", str(file))
    assert refused.returncode == 1
    assert one_line(refused.stderr, "backup") == (
        f"cocreate backup: {file} already exists: pass --force to overwrite it"
    )
    assert file.read_bytes() == b"last week's backup"
    nowhere = cocreate("backup", str(tmp_path / "nowhere" / "site.backup"))
    assert nowhere.returncode == 1
    assert one_line(nowhere.stderr, "backup").endswith("nowhere is not a directory")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.backup"]  # no leftovers


def test_a_file_that_is_no_backup_or_of_the_other_kind_is_refused(tmp_path: Path):
    text, other_kind = tmp_path / "notes.txt", tmp_path / "other.backup"
    text.write_text("just some text\n")
    if connection.vendor == "sqlite":
        other_kind.write_bytes(b"PGDMP\x01\x0f\x00")  # pg_dump's archive header
        other = "is a PostgreSQL backup but this site's database is SQLite: restore it into a"
    else:
        with closing(sqlite3.connect(other_kind)) as db:
            db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY)")
        other = "is a SQLite backup but this site's database is PostgreSQL: restore it into a"
    for file, reason in [
        (tmp_path / "missing", "no such file"),
        (text, "is not a backup: neither a SQLite file nor a pg_dump archive"),
        (other_kind, other),
    ]:
        result = cocreate("restore", str(file))
        assert result.returncode == 1
        assert reason in one_line(result.stderr, "restore")


def test_a_forced_backup_replaces_the_file_and_only_its_owner_reads_it(
    sqlite_site: Site, tmp_path: Path
):
    file = tmp_path / "site.backup"
    file.write_bytes(b"last week's backup")
    sqlite_site.run("backup", "--force", str(file))
    assert file.read_bytes().startswith(SQLITE_HEADER)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600  # it holds password hashes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.backup", "var"]  # no leftovers


def test_a_foreign_or_damaged_sqlite_file_is_refused_and_the_site_is_unchanged(
    sqlite_site: Site, tmp_path: Path
):
    foreign, damaged = tmp_path / "foreign.sqlite3", tmp_path / "damaged.backup"
    with closing(sqlite3.connect(foreign)) as other:
        other.execute("CREATE TABLE notes (body TEXT)")
    sqlite_site.run("backup", str(damaged))
    whole = damaged.read_bytes()
    damaged.write_bytes(whole[: len(whole) // 2])
    site_file = Path(sqlite_site.database["NAME"])
    before = site_file.read_bytes()
    for file, reason in [
        (foreign, "is not a Cocreate backup: it has no django_migrations table"),
        (damaged, "is damaged"),
    ]:
        result = sqlite_site.run("restore", str(file), ok=False)
        assert result.returncode == 1
        assert reason in one_line(result.stderr, "restore")
    assert site_file.read_bytes() == before


def test_a_backup_is_one_consistent_snapshot_while_the_app_writes(
    sqlite_site: Site, tmp_path: Path
):
    """A writer commits a row after row while the backup runs: it is never blocked, and the
    backup holds an unbroken prefix of its rows (one snapshot, not a torn copy)."""
    site_file = sqlite_site.database["NAME"]
    with closing(sqlite3.connect(site_file)) as setup:
        setup.execute("CREATE TABLE ticks (n INTEGER PRIMARY KEY)")
    done, written, failures = threading.Event(), [0], []

    def write() -> None:
        writer = sqlite3.connect(site_file, timeout=1, isolation_level=None)
        try:
            while not done.is_set():
                writer.execute("INSERT INTO ticks (n) VALUES (?)", [written[0] + 1])
                written[0] += 1
        except sqlite3.Error as error:
            failures.append(error)
        finally:
            writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        file = tmp_path / "site.backup"
        sqlite_site.run("backup", str(file))
        during = written[0]
    finally:
        done.set()
        thread.join(timeout=30)
    assert failures == []
    with closing(sqlite3.connect(file)) as copy:
        assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
        count, low, high = copy.execute("SELECT count(*), min(n), max(n) FROM ticks").fetchone()
    assert count > 0 and (low, high) == (1, count)
    assert during >= count  # rows kept coming while the backup ran
    assert not os.path.exists(f"{file}-wal")  # a single self-contained file


FAKE_TOOL = """#!/bin/sh
if [ "$1" = "--version" ]; then echo "{tool} (PostgreSQL) {version}"; exit 0; fi
echo "{tool}: error: connection to server lost" >&2
exit 1
"""


def fake_tool(bin_dir: Path, tool: str, version: str) -> None:
    """A stand-in for the PostgreSQL client tool (outside our code), of a chosen version."""
    bin_dir.mkdir(exist_ok=True)
    path = bin_dir / tool
    path.write_text(FAKE_TOOL.format(tool=tool, version=version))
    path.chmod(0o755)


def server_major() -> int:
    with psycopg.connect(TEST_DATABASE_URL, dbname="postgres") as server:
        return server.info.server_version // 10000


@needs_postgresql
def test_client_tools_of_another_version_are_refused(postgresql_site: Site, tmp_path: Path):
    fake_tool(tmp_path / "bin", "pg_dump", "99.1")
    fake_tool(tmp_path / "bin", "pg_restore", "99.1")
    site = Site({**postgresql_site.env, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}"}, {})
    major = server_major()
    file = tmp_path / "site.backup"
    result = site.run("backup", str(file), ok=False)
    assert result.returncode == 1
    assert one_line(result.stderr, "backup").endswith(
        f"pg_dump 99 does not match the PostgreSQL {major} server: "
        f"install the version {major} client tools (postgresql-client-{major})"
    )
    assert not file.exists()
    postgresql_site.run("backup", str(file))
    result = site.run("restore", str(file), ok=False)
    assert result.returncode == 1
    assert f"pg_restore 99 does not match the PostgreSQL {major} server" in result.stderr


@needs_postgresql
def test_a_failed_pg_dump_keeps_the_earlier_backup(postgresql_site: Site, tmp_path: Path):
    file = tmp_path / "site.backup"
    postgresql_site.run("backup", str(file))
    earlier = file.read_bytes()
    fake_tool(tmp_path / "bin", "pg_dump", f"{server_major()}.0")
    site = Site({**postgresql_site.env, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}"}, {})
    result = site.run("backup", "--force", str(file), ok=False)
    assert result.returncode == 1
    assert one_line(result.stderr, "backup").endswith(
        "pg_dump failed (exit status 1): connection to server lost"
    )
    assert file.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "site.backup", "var"]
