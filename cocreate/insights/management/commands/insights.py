"""`cocreate insights designs --toolkit ID FILE|-` and `cocreate insights lead-users FILE|-`:
the insights core on NDJSON files, one JSON object printed (docs/insights.md).

Exit 0 when done, 2 when the input can't be read (a one-line message on stderr); a bad line is
reported on stderr with its line number and skipped.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from cocreate.core.cli import read_input, toolkit_option
from cocreate.design import DesignError
from cocreate.insights.analysis.designs import read_designs
from cocreate.insights.analysis.lead_users import rank_lead_users
from cocreate.insights.analysis.ndjson import design_items, proposals
from cocreate.insights.analysis.report import designs_report

DONE, UNREADABLE = 0, 2


class Command(BaseCommand):
    help = "What many designs say: changes, allocation, consensus and schools, or lead users."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        designs = actions.add_parser("designs", help="insights of many designs of one toolkit")
        designs.add_argument("--toolkit", required=True, help="ID or ID@VERSION")
        designs.add_argument("file", help="NDJSON of designs, or - for standard input")
        leads = actions.add_parser("lead-users", help="rank lead users from NDJSON proposals")
        leads.add_argument("file", help="NDJSON of proposals, or - for standard input")

    def handle(self, *args: Any, action: str, file: str, **options: Any) -> None:
        try:
            text = read_input(file)
            toolkit = toolkit_option(options["toolkit"]) if action == "designs" else None
        except UnicodeDecodeError as error:
            name = "standard input" if file == "-" else file
            self._fail(f"{name}: not UTF-8 text (byte {error.start})")
        except (OSError, DesignError) as error:
            self._fail(str(error))
        if toolkit is None:
            ranked, problems = proposals(text)
            self._report(problems)
            result: dict[str, Any] = {"ranking": rank_lead_users(ranked)}
        else:
            raw, lines, problems = design_items(text)
            self._report(problems)
            items, refused = read_designs(toolkit, raw)
            kept = {item.id for item in items}
            skipped = [item.id for item in raw if item.id not in kept]
            self._report(  # read_designs names the id: the line is what a file's reader wants
                [
                    f"line {lines[i]}: {p[len(i) + 2 :]}"
                    for i, p in zip(skipped, refused, strict=True)
                ]
            )
            if not items:
                self._fail("no design could be read: nothing to analyse")
            result = designs_report(toolkit, items)
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        sys.exit(DONE)

    def _report(self, problems: list[str]) -> None:
        for problem in problems:
            self.stderr.write(f"cocreate insights: {problem}")

    def _fail(self, message: str) -> NoReturn:
        self._report([message])
        sys.exit(UNREADABLE)
