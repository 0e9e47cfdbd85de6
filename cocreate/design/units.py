"""Lengths: metres in documents, integer millimetres inside, so the Python and JS engines agree.

Rounding is half-up on the IEEE product ``metres * 1000`` (``Math.floor(x + 0.5)`` in JS), never
Python's banker's rounding, which JS has no equivalent for.
"""

from __future__ import annotations

import math


def to_mm(metres: float) -> int:
    """Metres to whole millimetres, rounding half up exactly as ``Math.round`` does."""
    return math.floor(metres * 1000 + 0.5)


def to_m(mm: int) -> float:
    """Millimetres back to metres for documents (``1500 -> 1.5``)."""
    return mm / 1000


def format_m(mm: int) -> str:
    """``3000 -> "3.00 m"``; a third decimal only when needed (``1499 -> "1.499 m"``)."""
    sign = "-" if mm < 0 else ""
    whole, frac = divmod(abs(mm), 1000)
    if frac % 10:
        return f"{sign}{whole}.{frac:03d} m"
    return f"{sign}{whole}.{frac // 10:02d} m"


def format_number(value: float) -> str:
    """Metric values for messages: thousands separators, at most two decimals."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_share(fraction: float) -> str:
    """``0.305 -> "30.5%"`` (one decimal, half-up on the per-mille)."""
    permille = math.floor(fraction * 1000 + 0.5)
    return f"{permille // 10}.{permille % 10}%"


def round_delta(value: float) -> int | float:
    """A difference of two metric values, to 1e-6 (float noise gone), whole as an int."""
    value = round(value, 6)
    return int(value) if value == int(value) else value
