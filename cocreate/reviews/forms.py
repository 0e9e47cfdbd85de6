"""What staff and reviewers may type before the reviews services judge it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.core.forms import Line, ServiceForm, Text, WholeNumber
from cocreate.core.numbers import whole_number

from .models import Criterion, CriterionKind
from .services import (
    MAX_COMMENT,
    MAX_DESCRIPTION,
    MAX_NAME,
    comment_field,
    score_field,
)

MAX_IDS = 500  # proposals ticked at once on the reviewers page


class CriterionForm(ServiceForm):
    """A scorecard line; `direction` is "more" (more is better) or "less"."""

    beside = frozenset({"name", "description", "weight", "kind", "metric", "direction"})

    name = Line(max_length=MAX_NAME, noun="name")
    description = Line(max_length=MAX_DESCRIPTION, noun="description")
    weight = WholeNumber(
        digits=3, error_messages={"invalid": gettext_lazy("Give a weight from 1 to 100.")}
    )
    kind = Line(max_length=10, noun="kind")
    metric = Line(max_length=60, noun="metric")
    direction = Line(max_length=4, noun="direction")

    def clean_kind(self) -> str:
        kind: str = self.cleaned_data["kind"] or CriterionKind.SCORED
        return kind

    def clean_direction(self) -> str:
        direction: str = self.cleaned_data["direction"] or "more"
        if direction not in ("more", "less"):
            raise ValidationError(_("Choose “more is better” or “less is better”."))
        return direction

    def service_fields(self) -> dict[str, Any]:
        """The cleaned input as the criterion services take it."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "weight": data["weight"] if data["weight"] is not None else 0,
            "kind": data["kind"],
            "metric": data["metric"],
            "higher_is_better": data["direction"] == "more",
        }


class CriterionChangeForm(CriterionForm):
    """A change to one line: `op` is save, remove, up or down; `criterion` names the line."""

    criterion = WholeNumber()
    op = Line(max_length=10, noun="action")

    def clean_op(self) -> str:
        op: str = self.cleaned_data["op"]
        if op not in ("save", "remove", "up", "down"):
            raise ValidationError(_("Choose Save, Remove, Move up or Move down."))
        return op


class Ids(forms.Field):
    """Ticked ids (checkboxes of one name): whole numbers, at most `MAX_IDS`."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        if len(values) > MAX_IDS:
            raise ValidationError(_("Tick at most %(n)s proposals at once.") % {"n": MAX_IDS})
        ids = [whole_number(str(v)) for v in values]
        if any(pk is None for pk in ids):
            raise ValidationError(_("Tick proposals from the list."))
        return [pk for pk in ids if pk is not None]


class AssignForm(ServiceForm):
    """Assigning (or unassigning) one reviewer: to one proposal from its page, or to the
    proposals ticked on the reviewers page (`op` assign or unassign)."""

    beside = frozenset({"reviewer", "proposals"})

    reviewer = WholeNumber(
        required=True,
        error_messages={
            "required": gettext_lazy("Choose a reviewer."),
            "invalid": gettext_lazy("Choose a reviewer from the list."),
        },
    )
    proposals = Ids(required=False)
    op = Line(max_length=10, noun="action")

    def clean_op(self) -> str:
        op: str = self.cleaned_data["op"] or "assign"
        if op not in ("assign", "unassign"):
            raise ValidationError(_("Choose Assign reviewer or Unassign."))
        return op


class ScoreForm(ServiceForm):
    """A reviewer's score sheet: a 1–5 (`score_<id>`) and a comment (`comment_<id>`) for each
    criterion scored by reviewers. The whole-number check is here; the 1–5 range is the
    service's."""

    def __init__(self, *args: Any, criteria: Sequence[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scored = [c for c in criteria if c.kind == CriterionKind.SCORED]
        for criterion in self.scored:
            invalid = _("Score “%(name)s” with a whole number from 1 to 5.") % {
                "name": criterion.name
            }
            self.fields[score_field(criterion.pk)] = WholeNumber(
                digits=3, error_messages={"invalid": invalid}
            )
            self.fields[comment_field(criterion.pk)] = Text(
                max_length=MAX_COMMENT,
                noun=_("comment on “%(name)s”") % {"name": criterion.name},
            )
        self.beside = frozenset(self.fields)

    def scores(self) -> dict[int, tuple[int | None, str]]:
        """What the service takes: (value, comment) by criterion id."""
        data = self.cleaned_data
        return {c.pk: (data[score_field(c.pk)], data[comment_field(c.pk)]) for c in self.scored}
