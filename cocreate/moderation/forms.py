"""The report and decision forms: what a person may type before the moderation services judge it."""

from __future__ import annotations

from cocreate.core.forms import Line, ServiceForm, Text, WholeNumber

from .services import MAX_NOTE

MAX_DECISION_NOTE = 2000


class ReportForm(ServiceForm):
    reason = Line(max_length=20, noun="reason")
    note = Text(max_length=MAX_NOTE, noun="note")


class DecisionForm(ServiceForm):
    """`kind` and `target` name what the decision is about; the queue page writes them."""

    kind = Line(max_length=20, noun="kind")
    target = WholeNumber()
    decision = Line(max_length=20, noun="decision")
    note = Text(max_length=MAX_DECISION_NOTE, noun="note")

    def target_named(self) -> tuple[str, int] | None:
        """The (kind, id) the form names, or None when it names nothing on the queue."""
        self.is_valid()
        kind, pk = self.cleaned_data.get("kind"), self.cleaned_data.get("target")
        if kind not in {"proposal", "comment"} or pk is None:
            return None
        return kind, pk
