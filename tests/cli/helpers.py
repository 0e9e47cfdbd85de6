"""Running the `cocreate` console command in the test process: the same entry point, argument
parsing, output and exit code as in a shell, without paying for a new interpreter per call."""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from unittest import mock

from cocreate.__main__ import main


def cocreate(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``cocreate ARGV...`` with ``stdin`` as standard input; what it printed and its exit code.

    Only for commands that need no database: Django closes every connection when a command run
    from the command line ends, which would end the test's transaction on PostgreSQL.
    """
    out, err = io.StringIO(), io.StringIO()
    code: int | str | None = 0
    with (
        mock.patch.object(sys, "argv", ["cocreate", *argv]),
        mock.patch.object(sys, "stdin", io.StringIO(stdin)),
        redirect_stdout(out),
        redirect_stderr(err),
    ):
        try:
            main()
        except SystemExit as exited:
            code = exited.code
    # The commands exit with a number (argparse too); only a bare sys.exit() leaves None.
    returncode = code or 0
    return subprocess.CompletedProcess(
        ["cocreate", *argv], returncode, out.getvalue(), err.getvalue()
    )


def cocreate_subprocess(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m cocreate ARGV...`` in a new interpreter: the smoke test that the console
    command starts from nothing (settings, app loading, the hyphenated command name)."""
    return subprocess.run(
        [sys.executable, "-m", "cocreate", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
