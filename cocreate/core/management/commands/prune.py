"""`cocreate prune`: delete what is only kept for a while (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocreate.core.idempotency import KEPT_FOR, prune


class Command(BaseCommand):
    help = "Delete the answers kept for retried requests once they are older than a day."

    def handle(self, *args: Any, **options: Any) -> None:
        gone = prune()
        hours = int(KEPT_FOR.total_seconds() // 3600)
        self.stdout.write(f"Pruned {gone} answer(s) to retried requests older than {hours} h.")
