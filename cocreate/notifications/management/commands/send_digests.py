"""`cocreate send_digests --period daily|weekly`: one digest email per person (run from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cocreate.notifications.services import digests_send


class Command(BaseCommand):
    help = "Email each person one digest of their unemailed daily or weekly notifications."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", choices=["daily", "weekly"], required=True)

    def handle(self, *args: Any, period: str, **options: Any) -> None:
        sent = digests_send(period=period)
        self.stdout.write(f"Sent {sent} {period} digest(s).")
