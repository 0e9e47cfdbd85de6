"""Numbers typed into forms and query strings, read the one safe way."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

ID_DIGITS = 18  # every id fits in a 64-bit integer
MAX_NUMBER_CHARS = 40  # no number a person types is longer; a page of digits is never parsed
MAX_MAGNITUDE = Decimal(10) ** 15  # past this it is a typo (and a float would lose digits)


def whole_number(text: str | None, *, digits: int = ID_DIGITS) -> int | None:
    """The number, or None for anything else. Only ASCII digits count (``"²".isdigit()`` is
    true, yet ``int("²")`` fails), and at most `digits` of them, so an id always fits the
    database and a page of digits is never parsed."""
    text = (text or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= digits:
        return int(text)
    return None


def decimal_number(text: str | None, *, places: int | None = None) -> Decimal | None:
    """A decimal a person typed (a comma as the decimal mark is fine), rounded to `places` when
    given, or None: NaN, infinities and overflow are refused before any arithmetic, so callers
    only check their own bounds (and a value that rounds to nothing is 0 by then)."""
    text = (text or "").strip().replace(",", ".")
    if not text.isascii() or len(text) > MAX_NUMBER_CHARS:
        return None
    try:
        value = Decimal(text)
        if not value.is_finite() or abs(value) >= MAX_MAGNITUDE:
            return None
        return value if places is None else round(value, places)
    except InvalidOperation:
        return None
