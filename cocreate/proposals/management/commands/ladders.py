"""`cocreate ladders`: move every published proposal along its challenge's support ladder (run
daily, e.g. from cron; supports move proposals up as they happen)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from rich.progress import track

from cocreate.proposals.selectors import proposals_on_ladders
from cocreate.proposals.services import proposal_ladder_update


class Command(BaseCommand):
    help = "Send proposals that reached the last rung to review; close those that missed a rung."

    def handle(self, *args: Any, **options: Any) -> None:
        proposals = proposals_on_ladders()
        moved: dict[str, int] = {}
        quiet = options["verbosity"] == 0
        for proposal in track(proposals, description="Ladders", disable=quiet, transient=True):
            before = proposal.status
            after = proposal_ladder_update(proposal=proposal).status
            if after != before:
                moved[after] = moved.get(after, 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in sorted(moved.items())) or "no change"
        self.stdout.write(f"{len(proposals)} proposals on ladders: {summary}.")
