"""The compare page's query string: the two designs to compare."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cocreate.core.forms import Line, ServiceForm
from cocreate.core.numbers import whole_number

MAX_FIND = 100
MAX_CHOICE = 40  # "baseline" or an id; anything longer is neither
BASELINE = "baseline"
Choice = int | str  # a proposal id or BASELINE


def read_choice(raw: str | None) -> Choice | None:
    """``"baseline"`` or a positive whole number; None for anything else."""
    text = (raw or "").strip()
    if text.lower() == BASELINE:
        return BASELINE
    return whole_number(text) or None


class DesignChoice(forms.Field):
    """One side of the comparison: "baseline" or a proposal's number (see `read_choice`)."""

    def __init__(self, *, side: str, **kwargs: Any) -> None:
        message = _("Design %(side)s: choose a proposal (its number) or the proposed design.")
        message %= {"side": side}
        super().__init__(error_messages={"required": message, "invalid": message}, **kwargs)

    def to_python(self, value: Any) -> Choice | None:
        text = str(value or "")
        choice = read_choice(text) if len(text) <= MAX_CHOICE else None
        if choice is None and text.strip():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return choice


class CompareForm(ServiceForm):
    a = DesignChoice(side="A")
    b = DesignChoice(side="B")
    # Words that narrow each picker's list (by title or author) when the page is sent without
    # the script that filters as one types.
    find_a = Line(max_length=MAX_FIND, noun="filter", truncate=True)
    find_b = Line(max_length=MAX_FIND, noun="filter", truncate=True)

    def asked(self) -> bool:
        """False for the blank page: neither side named yet."""
        return "a" in self.data or "b" in self.data
