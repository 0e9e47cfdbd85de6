"""`cocreate import-streetmix FILE|-`: a Streetmix saved street as a Cocreate design.

Without --challenge it prints the design as JSON on stdout, as long as the street is wide.
With --challenge SLUG --author USERNAME it submits the design, in the challenge's toolkit and
filling the challenge's site length, as that person's proposal through ``proposal_create`` (the
same service the web page uses) and prints the proposal's URL path. Notes on what was converted or
approximated go to stderr (silence them with -v 0).

Exit codes:
  0  imported (and, with --challenge, saved as a proposal)
  1  refused: the challenge's rules found errors in the design (e.g. it is wider than the
     street), the title or why is unacceptable, or submitting is not open to the author now;
     one stderr line per reason
  2  could not run: the input is unreadable or not a Streetmix street, an option is malformed,
     the challenge or user does not exist, or the challenge's toolkit is not a street section;
     one stderr line naming what is wrong and where
"""

from __future__ import annotations

import json
import sys
from argparse import RawDescriptionHelpFormatter
from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.core.cli import read_input, toolkit_option
from cocreate.design import DesignError, Toolkit, load_bundled
from cocreate.design.section.streetmix import import_street, street_name
from cocreate.proposals.services import proposal_create

IMPORTED, REFUSED, UNREADABLE = 0, 1, 2
STREET_TOOLKIT = "street-section"
DEFAULT_TITLE = "Imported from Streetmix"
DEFAULT_WHY = "Imported from a street designed in Streetmix."
NAME = "cocreate import-streetmix"


class Command(BaseCommand):
    help = __doc__.split("\n\n", 1)[1] if __doc__ else ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter  # keep the exit code table
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a Streetmix saved street (JSON), or - for standard input")
        parser.add_argument(
            "--toolkit",
            help=f"ID or ID@VERSION of a section toolkit; default: {STREET_TOOLKIT} "
            "(with --challenge: the challenge's toolkit)",
        )
        parser.add_argument("--challenge", help="slug of the challenge to submit the street to")
        parser.add_argument("--author", help="username of the person submitting the proposal")
        parser.add_argument(
            "--title", help=f'proposal title; default: the street\'s name, or "{DEFAULT_TITLE}"'
        )
        parser.add_argument("--why", help=f'proposal rationale; default: "{DEFAULT_WHY}"')

    def handle(
        self,
        *args: Any,
        file: str,
        toolkit: str | None,
        challenge: str | None,
        author: str | None,
        title: str | None,
        why: str | None,
        verbosity: int = 1,
        **_: Any,
    ) -> None:
        if (challenge is None) != (author is None):
            self._fail("--challenge and --author go together: name both or neither")
        if challenge is not None and toolkit is not None:
            self._fail("--toolkit can't be used with --challenge: the challenge's toolkit applies")
        document = self._document(file)
        where = f"{file}: " if file != "-" else ""
        if challenge is None or author is None:
            try:
                target = toolkit_option(toolkit or STREET_TOOLKIT)
                design, notes = _import(document, target, None)
            except DesignError as error:
                self._fail(f"{where}{error}")
            self._notes(notes, verbosity)
            self.stdout.write(json.dumps(design, ensure_ascii=False))
            sys.exit(IMPORTED)
        self._submit(document, where, challenge, author, title, why, verbosity)

    def _submit(
        self,
        document: object,
        where: str,
        slug: str,
        username: str,
        title: str | None,
        why: str | None,
        verbosity: int,
    ) -> NoReturn:
        try:
            challenge = Challenge.objects.get(slug=slug)
        except Challenge.DoesNotExist:
            self._fail(f"--challenge: no challenge with the slug {json.dumps(slug)}")
        user_model = get_user_model()
        try:
            actor = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist:
            self._fail(f"--author: no user named {json.dumps(username)}")
        target = toolkit_for(challenge)
        if STREET_TOOLKIT not in (target.id, *target.ancestors):
            self._fail(
                f'--challenge: "{slug}" uses the toolkit "{target.id}", which is not a street '
                f"section ({STREET_TOOLKIT} or one extending it)"
            )
        try:
            design, notes = _import(document, target, _site_length(challenge, target))
        except DesignError as error:
            self._fail(f"{where}{error}")
        self._notes(notes, verbosity)
        if title is None:
            title = (street_name(document) or DEFAULT_TITLE)[:140]
        try:
            proposal = proposal_create(
                actor=actor,
                challenge=challenge,
                design=design,
                title=title,
                rationale=why if why is not None else DEFAULT_WHY,
            )
        except PermissionDenied as error:
            self._refuse([f"{username} can't submit to {slug} now: {error}"])
        except ValidationError as error:
            self._refuse(_reasons(error), heading=f'refused by challenge "{slug}"')
        self.stdout.write(reverse("proposal", args=[challenge.slug, proposal.pk]))
        sys.exit(IMPORTED)

    def _document(self, file: str) -> object:
        name = "standard input" if file == "-" else file
        try:
            text = read_input(file)
        except UnicodeDecodeError as error:
            self._fail(f"{name}: not UTF-8 text (byte {error.start})")
        except OSError as error:
            self._fail(str(error))
        try:
            return json.loads(text)
        except RecursionError:
            self._fail(f"{name}: not a Streetmix street: JSON nested too deeply")
        except json.JSONDecodeError as error:
            self._fail(f"{name}: not JSON: {error.msg} at line {error.lineno} column {error.colno}")

    def _notes(self, notes: list[str], verbosity: int) -> None:
        if verbosity >= 1:
            for note in notes:
                self.stderr.write(f"{NAME}: note: {note}")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(f"{NAME}: {message}")
        sys.exit(UNREADABLE)

    def _refuse(self, reasons: list[str], heading: str | None = None) -> NoReturn:
        if heading:
            self.stderr.write(f"{NAME}: {heading}:")
        for reason in reasons:
            self.stderr.write(f"{NAME}: {reason}")
        sys.exit(REFUSED)


def _import(
    document: object, target: Toolkit, length: float | None
) -> tuple[dict[str, Any], list[str]]:
    """Import into ``target``; when a later version renamed types that Streetmix still uses,
    import into the toolkit's first version (whose ids are Streetmix's) and migrate."""
    design, notes = import_street(document, target, length=length)
    unknown = {part["type"] for part in design["parts"]} - target.catalog.keys()
    registry = load_bundled()
    if not unknown or target.id not in registry:
        return design, notes
    first = registry.get(target.id, registry.versions(target.id)[0])
    if first.version == target.version or not unknown & first.catalog.keys():
        return design, notes
    design, notes = import_street(document, first, length=length)
    notes.append(
        f"Read with the part types of version {first.version} of {target.title} (Streetmix's), "
        f"then migrated to version {target.version}."
    )
    return target.parse(design), notes


def _site_length(challenge: Challenge, toolkit: Toolkit) -> float | None:
    """The metres a proposal must fill: the challenge baseline's length, else the toolkit's."""
    baseline = challenge.baseline
    length = baseline.get("length") if isinstance(baseline, dict) else None
    if isinstance(length, (int, float)) and not isinstance(length, bool):
        return float(length)
    return None if toolkit.length_mm is None else toolkit.length_mm / 1000


def _reasons(error: ValidationError) -> list[str]:
    """One line per message, named by its field (``design: The parts add up to ...``)."""
    if not hasattr(error, "error_dict"):
        return [" ".join(message.split()) for message in error.messages]
    return [
        f"{field}: {' '.join(message.split())}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]
