"""`cocreate restore FILE`: replace the site's database with a backup from `cocreate backup`.

Stop the app servers and task workers first (docs/deploy.md, "Backups"). Exit 0 when restored,
1 when not (a one-line reason on stderr: no such file, a backup of the other database kind, a
damaged file, the database refused; the site's data is then unchanged), 2 on bad usage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from cocreate.core.backups import NAMES, restore
from cocreate.core.cli import fail_on_backup_error, spinner


class Command(BaseCommand):
    help = "Replace the database with the backup in FILE (stop the app and workers first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a file written by `cocreate backup`")

    def handle(self, *args: Any, file: Path, verbosity: int, **_: Any) -> None:
        with fail_on_backup_error(self, "restore"), spinner(f"Restoring {file}", verbosity):
            vendor = restore(connection, file)
        self.stdout.write(
            f"Restored the {NAMES[vendor]} database from {file}. "
            "Run `cocreate migrate` if the backup is older than this version."
        )
