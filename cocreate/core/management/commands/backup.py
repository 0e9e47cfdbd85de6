"""`cocreate backup [--force] FILE`: the site's database in one file, taken while it runs.

Exit 0 when the backup is written, 1 when it is not (a one-line reason on stderr: the file
exists, pg_dump is missing or not the server's version, the database refused), 2 on bad usage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from cocreate.core.backups import NAMES, backup
from cocreate.core.cli import fail_on_backup_error, spinner


class Command(BaseCommand):
    help = "Back up the database (SQLite: online backup; PostgreSQL: pg_dump) to FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write")
        parser.add_argument("--force", action="store_true", help="overwrite an existing FILE")

    def handle(self, *args: Any, file: Path, force: bool, verbosity: int, **_: Any) -> None:
        with fail_on_backup_error(self, "backup"), spinner(f"Backing up to {file}", verbosity):
            vendor = backup(connection, file, force=force)
        size = file.stat().st_size / 1_000_000
        self.stdout.write(f"Backed up the {NAMES[vendor]} database to {file} ({size:.1f} MB).")
