"""What the commands share: the design commands (`evaluate`, `import-streetmix`) read their
input and name a toolkit; `backup` and `restore` report a failure and show that they work."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from rich.console import Console

from cocreate.core.backups import BackupError
from cocreate.design import DesignError, Toolkit, load_bundled

FAILED = 1


def read_input(file: str) -> str:
    """The text of ``file``, or standard input for ``-``; raises OSError or UnicodeDecodeError."""
    if file == "-":
        return sys.stdin.read()
    with open(file, encoding="utf-8") as stream:
        return stream.read()


def toolkit_option(spec: str) -> Toolkit:
    """``--toolkit ID`` (the latest version) or ``ID@VERSION``; DesignError names what is wrong."""
    toolkit_id, _sep, version = spec.partition("@")
    if version and not (version.isascii() and version.isdigit()):
        raise DesignError(f"--toolkit: version must be a whole number, got {version!r}")
    return load_bundled().get(toolkit_id, int(version) if version else None)


@contextmanager
def fail_on_backup_error(command: BaseCommand, name: str) -> Iterator[None]:
    """A `BackupError` becomes its one-line reason on stderr and exit status 1."""
    try:
        yield
    except BackupError as error:
        command.stderr.write(f"cocreate {name}: {error}")
        sys.exit(FAILED)


@contextmanager
def spinner(text: str, verbosity: int) -> Iterator[None]:
    """A spinner on a terminal's stderr while a long step runs (nothing when piped or -v 0)."""
    console = Console(stderr=True)
    if verbosity == 0 or not console.is_terminal:
        yield
        return
    with console.status(text):
        yield
