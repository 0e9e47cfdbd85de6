"""`cocreate response-record --org SLUG [--json]`: an organization's public response record,
computed from the database (see cocreate/decisions/record.py for each figure's definition).

With --json: one object, ``{"median_days", "within_promise", "overdue", "answered",
"awaiting"}``; without, a table. Exit 2 with a one-line message on stderr when no
organization has that slug.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.table import Table

from cocreate.decisions.selectors import response_record
from cocreate.organizations.models import Organization

UNKNOWN = 2


class Command(BaseCommand):
    help = "Print an organization's response record: median days to answer, share on time, …"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="the organization's slug")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the figures as JSON"
        )

    def handle(self, *args: Any, org: str, as_json: bool, **_: Any) -> None:
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            self.stderr.write(f"cocreate response-record: no organization with slug {org!r}")
            sys.exit(UNKNOWN)
        record = response_record(organization=organization)
        if as_json:
            self.stdout.write(json.dumps(record.as_json()))
            return
        table = Table(title=f"Response record of {organization.name}")
        table.add_column("Figure")
        table.add_column("Value", justify="right")
        share = record.within_promise
        table.add_row(
            "Median days to answer", "—" if record.median_days is None else f"{record.median_days}"
        )
        table.add_row("Answered within the promise", "—" if share is None else f"{share:.1%}")
        table.add_row("Overdue now", str(record.overdue))
        table.add_row("Answered", str(record.answered))
        table.add_row("Awaiting an answer", str(record.awaiting))
        for month in record.months:
            table.add_row(
                f"{month.start:%B %Y}",
                f"{month.answered} answered, {month.within} within the promise",
            )
        console = Console(file=self.stdout, width=100, force_terminal=False)  # type: ignore[arg-type]
        console.print(table)
