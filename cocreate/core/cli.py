"""What the design commands (`evaluate`, `import-streetmix`) share: reading their input and
naming a toolkit on the command line."""

from __future__ import annotations

import sys

from cocreate.design import DesignError, Toolkit, load_bundled


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
