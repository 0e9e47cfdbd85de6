"""`cocreate send-overdue-digest`: each organization's staff get one email a day listing the
proposals overdue for an answer (run daily from cron; a second run the same day sends none)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocreate.notifications.services import overdue_digests_send


class Command(BaseCommand):
    help = "Email each organization's staff the proposals overdue for an answer (once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = overdue_digests_send()
        self.stdout.write(f"Sent {sent} overdue digest(s).")
