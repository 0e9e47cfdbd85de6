"""The merge and unmerge forms: what staff may type before the merge services judge it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import ServiceForm, Text, WholeNumber

from .services import MAX_ANSWER

CHOOSE = _("Choose the proposal to merge this one into.")


class MergeForm(ServiceForm):
    beside = frozenset({"target", "answer"})
    target = WholeNumber(error_messages={"invalid": CHOOSE})
    answer = Text(max_length=MAX_ANSWER, noun="public explanation")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if "target" in cleaned and cleaned["target"] is None:
            self.add_error("target", CHOOSE)
        return cleaned


class UnmergeForm(ServiceForm):
    beside = frozenset({"answer"})
    answer = Text(max_length=MAX_ANSWER, noun="public explanation")


class IntoForm(ServiceForm):
    """``?into=``: the proposal a "Merge B into A" link preselects."""

    into = WholeNumber()
