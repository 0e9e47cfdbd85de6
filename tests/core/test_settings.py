"""The default settings, as `./run demo` uses them: SQLite in WAL mode under var/."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

import cocreate.settings


def test_the_default_database_is_sqlite_in_wal_mode_under_the_var_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, django_db_blocker
):
    """The settings file read afresh without DATABASE_URL, as a fresh `cocreate` process reads
    it, and a connection opened from what it declares."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("COCREATE_VAR_DIR", str(tmp_path))
    spec = importlib.util.spec_from_file_location("fresh_settings", cocreate.settings.__file__)
    assert spec is not None and spec.loader is not None
    settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(settings)
    connection = ConnectionHandler(settings.DATABASES)["default"]
    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            mode = cursor.fetchone()[0]
    finally:
        connection.close()
    assert Path(connection.settings_dict["NAME"]) == tmp_path / "cocreate.sqlite3"
    assert mode == "wal"
