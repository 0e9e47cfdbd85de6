"""`cocreate import-progress --challenge SLUG FILE|-`: add timeline entries from a CSV.

The CSV is UTF-8 with a header row naming the columns proposal (the proposal's number), date
(YYYY-MM-DD), title, text, and optionally percent (0-100, whole); at most 2,000 rows and 1 MB.
Every row is checked first (the proposal is this challenge's and accepted, the date is real,
the percent is 0-100, the text is not too long and holds no control characters); then all rows
are imported, or none. Cells are stored as text: a cell like =cmd() is never evaluated.
The entries are posted as --as USERNAME (default: the organization's first admin), who must be
one of its staff; followers and backers of each proposal are told once.

Exit codes:
  0  imported: one line on stdout saying how many entries
  2  bad input: nothing imported; one stderr line per refused row ("line N: why"), or one
     line saying why the file, the challenge or the user is unusable
"""

from __future__ import annotations

import sys
from argparse import RawDescriptionHelpFormatter
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandParser

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.organizations.models import Membership, Role
from cocreate.tracking.selectors import MAX_BYTES, csv_text
from cocreate.tracking.services import progress_import

IMPORTED, BAD_INPUT = 0, 2
NAME = "cocreate import-progress"


class Command(BaseCommand):
    help = __doc__.split("\n\n", 1)[1] if __doc__ else ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter  # keep the exit code table
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV file, or - for standard input")
        parser.add_argument("--challenge", required=True, help="slug of the challenge")
        parser.add_argument(
            "--as", dest="username", help="username of the staff member posting the entries"
        )

    def handle(self, *args: Any, file: str, challenge: str, username: str | None, **_: Any) -> None:
        found = Challenge.objects.select_related("organization").filter(slug=challenge).first()
        if found is None:
            self._fail(f"--challenge: there is no challenge {challenge!r}")
        actor = self._actor(found, username)
        try:
            raw = sys.stdin.buffer.read() if file == "-" else _read(file)
        except OSError as error:
            self._fail(f"{file}: {error.strerror or error}")
        try:
            entries = progress_import(actor=actor, challenge=found, text=csv_text(raw))
        except ValidationError as error:
            for messages in error.message_dict.values():
                for message in messages:
                    self.stderr.write(f"{NAME}: {message}")
            sys.exit(BAD_INPUT)
        except PermissionDenied:
            self._fail(f"--as: {actor.username} is not staff of {found.organization.name}")
        self.stdout.write(f"Imported {len(entries)} entries into {found.slug}.")

    def _actor(self, challenge: Challenge, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                self._fail(f"--as: there is no user {username!r}")
            return user
        admin = (
            Membership.objects.filter(organization=challenge.organization_id, role=Role.OWNER)
            .select_related("user")
            .order_by("id")
            .first()
        )
        if admin is None:
            self._fail("--as: the organization has no admin; name a staff member")
        return admin.user

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(f"{NAME}: {message}")
        sys.exit(BAD_INPUT)


def _read(path: str) -> bytes:
    with open(path, "rb") as stream:
        return stream.read(MAX_BYTES + 1)  # one byte more: too big is refused
