"""The proposal page's buttons and the pledge form, read at the boundary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import Line, Number, ServiceForm, Text

from .services import MAX_PLEDGE

MAX_NEXT = 2000  # a path on this site; anything longer is not one
MAX_PLEDGE_NOTE = 200
AMOUNT = _("Pledge an amount more than 0 and at most 1,000,000.")


class ButtonForm(ServiceForm):
    """Support and Oppose: one button that adds, or withdraws with ``op=withdraw``; `next` is
    where the person was (checked by `safe_next`)."""

    op = Line(max_length=20, noun="action")
    next = Line(max_length=MAX_NEXT, noun="address to go back to")

    def withdrawing(self) -> bool:
        return bool(self.fallback("op") == "withdraw")


class PledgeForm(ButtonForm):
    kind = Line(max_length=20, noun="kind of pledge")
    # Cents: a pledge of 0.001 rounds to nothing and is refused, not saved as 0.00.
    amount = Number(
        places=2, above=0, at_most=MAX_PLEDGE, error_messages={"invalid": AMOUNT, "range": AMOUNT}
    )
    note = Text(max_length=MAX_PLEDGE_NOTE, noun="note")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not self.withdrawing() and "amount" in cleaned and cleaned["amount"] is None:
            self.add_error("amount", AMOUNT)
        return cleaned


class StreetmixForm(ServiceForm):
    """A saved Streetmix street to import (the file's content is read by the design core)."""

    street = forms.FileField(
        error_messages={"required": _("Choose a Streetmix street file (.json) to import.")}
    )
