"""Text people type: the one test for characters nobody types, and text made fit for an email
header. Forms refuse such characters at the boundary; services refuse them again, since not
every caller is a form (the demo seed, commands, a later API)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators: none belongs in one
# line of text. Multi-line text keeps tab and newline (carriage returns become newlines first,
# as a browser posts a textarea's line breaks as CRLF).
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
CONTROLS_BUT_TAB_AND_NEWLINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Everything that could end a header line or hide in one, as one run.
_HEADER_BREAKS = re.compile(f"{CONTROLS.pattern}+")


def control_character(text: str, noun: str, *, lines: bool = False) -> str | None:
    """Why `text` is refused, in a message naming the `noun` it is, when it holds a NUL or
    another control character (with `lines`, tab and newline are fine); None when it is fine."""
    if "\x00" in text:
        return _("The %(noun)s contains a NUL character; remove it.") % {"noun": noun}
    found = (CONTROLS_BUT_TAB_AND_NEWLINE if lines else CONTROLS).search(text)
    if found:
        return _("The %(noun)s contains a control character (U+%(code)04X); remove it.") % {
            "noun": noun,
            "code": ord(found.group()),
        }
    return None


def one_line(text: str) -> str:
    """`text` as one line, fit for an email header: every run of line breaks and control
    characters becomes one space (a header with a line break is refused whole)."""
    return _HEADER_BREAKS.sub(" ", text).strip()
