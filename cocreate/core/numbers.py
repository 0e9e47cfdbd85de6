"""Whole numbers typed into forms and query strings, read the one safe way."""

from __future__ import annotations

ID_DIGITS = 18  # every id fits in a 64-bit integer


def whole_number(text: str | None, *, digits: int = ID_DIGITS) -> int | None:
    """The number, or None for anything else. Only ASCII digits count (``"²".isdigit()`` is
    true, yet ``int("²")`` fails), and at most `digits` of them, so an id always fits the
    database and a page of digits is never parsed."""
    text = (text or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= digits:
        return int(text)
    return None
