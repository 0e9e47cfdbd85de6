"""The activity counters are triggers: they must never stand in the way of a migration."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys


def _migrate(var: str, *target: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COCREATE_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "cocreate.settings"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "cocreate", "migrate", "--no-input", "-v", "0", *target],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_sqlite_migrations_rebuild_tables_that_the_triggers_name(tmp_path):
    """SQLite rebuilds a table to change it and refuses while another table's trigger names it
    (the counters on proposals name challenges); they are dropped around every migrate."""
    var = str(tmp_path)
    assert _migrate(var).returncode == 0  # everything, then the triggers
    # Backwards and forwards again: both rebuild challenges and proposals under the triggers.
    back = _migrate(var, "challenges", "0005_phases_do_not_overlap")
    assert back.returncode == 0, back.stderr
    forward = _migrate(var)
    assert forward.returncode == 0, forward.stderr
    with sqlite3.connect(tmp_path / "cocreate.sqlite3") as db:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    names = {row[0] for row in rows}
    assert {"activity_cards_sum_i", "activity_comments_u", "activity_phases_d"} <= names
