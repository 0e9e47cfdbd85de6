"""`cocreate evaluate [--toolkit ID[@VERSION]] [--ndjson] FILE|-`: the engine from the shell.

Exit 0 when every design is valid, 1 when an error finding exists, 2 when input can't be read
as a design (a one-line message on stderr naming what is wrong and where).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cocreate.core.cli import read_input, toolkit_option
from cocreate.design import DesignError, Toolkit, load_bundled

VALID, INVALID, UNREADABLE = 0, 1, 2


class Command(BaseCommand):
    help = "Evaluate designs against their toolkit's rules and print the evaluation as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a design document, or - for standard input")
        parser.add_argument("--toolkit", help="ID or ID@VERSION; default: the design's own")
        parser.add_argument("--ndjson", action="store_true", help="one design per line")

    def handle(self, *args: Any, file: str, toolkit: str | None, ndjson: bool, **_: Any) -> None:
        try:
            text = read_input(file)
            forced = toolkit_option(toolkit) if toolkit else None
        except UnicodeDecodeError as error:
            name = "standard input" if file == "-" else file
            self.stderr.write(f"cocreate evaluate: {name}: not UTF-8 text (byte {error.start})")
            sys.exit(UNREADABLE)
        except (OSError, DesignError) as error:
            self.stderr.write(f"cocreate evaluate: {error}")
            sys.exit(UNREADABLE)
        if ndjson:
            code = VALID
            for number, line in enumerate(text.splitlines(), start=1):
                if line.strip():
                    code = max(code, self._one(line, forced, where=f"line {number}: "))
        else:
            code = self._one(text, forced, where=f"{file}: " if file != "-" else "")
        sys.exit(code)

    def _one(self, text: str, forced: Toolkit | None, *, where: str) -> int:
        try:
            document = json.loads(text)
        except RecursionError:
            return self._unreadable(f"{where}not a design: JSON nested too deeply")
        except json.JSONDecodeError as error:
            return self._unreadable(
                f"{where}not JSON: {error.msg} at line {error.lineno} column {error.colno}"
            )
        try:
            evaluation = (forced or _toolkit_of(document)).evaluate(document)
        except DesignError as error:
            return self._unreadable(f"{where}{error}")
        self.stdout.write(json.dumps(evaluation, ensure_ascii=False))
        return VALID if evaluation["valid"] else INVALID

    def _unreadable(self, message: str) -> int:
        self.stderr.write(f"cocreate evaluate: {message}")
        return UNREADABLE


def _toolkit_of(document: object) -> Toolkit:
    """The latest version of the design's toolkit: an older design is migrated to it first, so
    the evaluation is today's (a version newer than the latest is refused by the engine)."""
    if not isinstance(document, dict):
        raise DesignError('expected a design object with a "toolkit" field')
    toolkit_id = document.get("toolkit")
    if not isinstance(toolkit_id, str):
        raise DesignError('toolkit: expected a toolkit id such as "street-section"')
    version = document.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        raise DesignError(f"version: expected a whole number, got {json.dumps(version)}")
    return load_bundled().get(toolkit_id)
