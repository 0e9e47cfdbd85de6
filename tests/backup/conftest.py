"""A site of its own for each backup test, driven through the `cocreate` command as an operator
would: a SQLite file under a temporary var/, or a scratch PostgreSQL database beside the suite's
test database (created here, dropped after, so the suite's own database is never touched)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

ROOT = Path(__file__).resolve().parents[2]
TEST_DATABASE_URL = os.environ.get("COCREATE_TEST_DATABASE_URL", "")
needs_postgresql = pytest.mark.skipif(
    "postgres" not in TEST_DATABASE_URL, reason="runs in the PostgreSQL pass of ./run test"
)


@dataclass
class Site:
    """One installation: the environment its commands run in and its DATABASES entry."""

    env: dict[str, str]
    database: dict[str, Any]

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "cocreate", *args],
            cwd=ROOT,  # `-m` imports this checkout's cocreate
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    @contextmanager
    def opened(self, django_db_blocker: Any) -> Iterator[BaseDatabaseWrapper]:
        """A connection to the site's database from this process, closed on exit."""
        alias = "backup_site"
        configured = connections.configure_settings({DEFAULT_DB_ALIAS: {}, alias: self.database})
        connections.settings[alias] = configured[alias]
        try:
            with django_db_blocker.unblock():
                yield connections[alias]
                connections[alias].close()
        finally:
            del connections[alias]
            del connections.settings[alias]


def _site(var: Path, database_url: str | None) -> Site:
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env |= {"DJANGO_SETTINGS_MODULE": "cocreate.settings", "COCREATE_VAR_DIR": str(var)}
    if database_url:
        env["DATABASE_URL"] = database_url
        database = dict(dj_database_url.parse(database_url))
    else:  # the default installation: SQLite in WAL mode under var/
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(var / "cocreate.sqlite3")}
    return Site(env, database)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrate for the session; each test gets a copy of its database."""
    if "postgres" in TEST_DATABASE_URL:
        pytest.skip("a SQLite site is tested once, in the SQLite pass")
    var = tmp_path_factory.mktemp("template")
    _site(var, None).run("migrate", "-v", "0")
    return var / "cocreate.sqlite3"


@pytest.fixture
def sqlite_site(tmp_path: Path, migrated_sqlite: Path) -> Site:
    site = _site(tmp_path / "var", None)
    (tmp_path / "var").mkdir()
    with (
        closing(sqlite3.connect(migrated_sqlite)) as source,
        closing(sqlite3.connect(site.database["NAME"])) as copy,
    ):
        source.backup(copy)
    return site


def _admin(sql: str) -> None:
    with psycopg.connect(TEST_DATABASE_URL, dbname="postgres", autocommit=True) as admin:
        admin.execute(sql)


@pytest.fixture(scope="session")
def migrated_postgresql() -> Iterator[str]:
    """A migrated scratch database named after the suite's test database (`<name>_rt_template`),
    the template of each test's own; dropped after the session."""
    template = f"{dj_database_url.parse(TEST_DATABASE_URL)['NAME']}_rt_template"
    _admin(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{template}"')
    try:
        with tempfile.TemporaryDirectory() as var:
            _site(Path(var), _url(template)).run("migrate", "-v", "0")
        yield template
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')


@pytest.fixture
def postgresql_site(tmp_path: Path, migrated_postgresql: str) -> Iterator[Site]:
    """A scratch database (`<name>_rt`) copied from the migrated template, dropped after."""
    name = migrated_postgresql.removesuffix("_template")
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_postgresql}"')
    try:
        yield _site(tmp_path / "var", _url(name))
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _url(name: str) -> str:
    return urlsplit(TEST_DATABASE_URL)._replace(path=f"/{name}").geturl()
