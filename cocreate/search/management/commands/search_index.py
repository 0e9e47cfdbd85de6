"""Re-create the full-text indexes of proposals and comments (triggers included) and rebuild them
from their tables."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from cocreate.search.index import install, missing_triggers


class Command(BaseCommand):
    help = "Repair and rebuild the full-text indexes of proposals and comments (safe at any time)."

    def handle(self, *args: Any, **options: Any) -> None:
        missing = missing_triggers(connection)
        install(connection)
        if missing:
            self.stdout.write(f"re-created triggers: {', '.join(missing)}")
        self.stdout.write(self.style.SUCCESS("search indexes rebuilt"))
