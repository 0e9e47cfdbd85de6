"""`cocreate demo`: seed the Dominion Road demo (idempotent), with a progress bar."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.progress import Progress

from cocreate.demo.people import PASSWORD
from cocreate.demo.seed import seed


class Command(BaseCommand):
    help = "Seed the Dominion Road demo: Auckland Transport, its challenge, people, proposals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=40)
        parser.add_argument("--proposals", type=int, default=1000)

    def handle(self, *args: Any, people: int, proposals: int, **options: Any) -> None:
        if people < 2 or proposals < 0:
            self.stderr.write("--people must be at least 2 and --proposals at least 0")
            raise SystemExit(2)
        with Progress(transient=True, disable=options["verbosity"] == 0) as bar:
            tasks: dict[str, Any] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(f"Seeding {stage}", total=total)
                bar.update(tasks[stage], completed=done)

            challenge = seed(people=people, proposals=proposals, progress=progress)
        self.stdout.write(
            f"Demo ready: /c/{challenge.slug}/ with {challenge.proposals.count()} proposals. "
            f"Log in as resident01@example.org or staff@at.example.org, password {PASSWORD!r}."
        )
