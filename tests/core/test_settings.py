"""The default settings, as `./run demo` uses them: SQLite in WAL mode under var/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(connection.settings_dict["NAME"], cursor.fetchone()[0])
"""


def test_the_default_database_is_sqlite_in_wal_mode_under_the_var_folder(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="cocreate.settings", COCREATE_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    name, mode = result.stdout.split()
    assert Path(name) == tmp_path / "cocreate.sqlite3"
    assert mode == "wal"
