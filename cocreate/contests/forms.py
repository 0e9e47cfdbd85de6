"""What the contest pages read: staff settings, a juror's scores, a resident's vote."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.core.forms import Line, ServiceForm, Text, WholeNumber
from cocreate.reviews.models import Criterion


class When(forms.DateTimeField):
    """A date and time typed in a `datetime-local` box (read in the site's time zone)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, noun: str, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.error_messages = {
            "invalid": _("Give the %(noun)s as a date and time, such as 2025-03-01 09:00.")
            % {"noun": noun},
            "required": _("Give the %(noun)s.") % {"noun": noun},
        }

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class SettingsForm(ServiceForm):
    beside = frozenset({"vote_opens", "vote_closes", "public_vote_share"})
    public_vote = forms.BooleanField(required=False, label=gettext_lazy("Hold a public vote"))
    vote_opens = When(noun="vote's opening", label=gettext_lazy("Vote opens"))
    vote_closes = When(noun="vote's closing", label=gettext_lazy("Vote closes"))
    public_vote_share = WholeNumber(
        digits=3, initial=0, label=gettext_lazy("Public vote's share of the result (%)")
    )


class InviteForm(ServiceForm):
    beside = frozenset({"who"})
    who = Line(max_length=254, noun="email or username", label=gettext_lazy("Email or username"))


class RoundForm(ServiceForm):
    beside = frozenset({"name", "opens", "closes", "finalists"})
    name = Line(max_length=100, noun="round's name")
    opens = When(noun="round's opening", required=True)
    closes = When(noun="round's closing", required=True)
    finalists = WholeNumber(digits=4, label=gettext_lazy("Finalists (top N, optional)"))


class PrizeForm(ServiceForm):
    beside = frozenset({"title", "description", "amount"})
    title = Line(max_length=100, noun="prize's title")
    description = Line(max_length=300, noun="description")
    amount = Line(max_length=60, noun="amount")


class FinalistForm(ServiceForm):
    beside = frozenset({"prize", "jury_answer"})
    prize = WholeNumber()
    jury_answer = Text(max_length=10_000, noun="jury's answer")


class RoundField(ServiceForm):
    """The round a judging page or post is about (`?round=`, or a hidden field)."""

    round = WholeNumber()


class ConflictForm(RoundField):
    beside = frozenset({"reason"})
    reason = Line(max_length=500, noun="reason")


SCORES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]


class ScoreForm(RoundField):
    """A score (1–5, or none yet) and a comment for each of the scorecard's scored criteria."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                choices=SCORES,
                coerce=int,
                empty_value=None,
                required=False,
                label=criterion.name,
                error_messages={
                    "invalid_choice": _("Score %(name)s from 1 to 5.") % {"name": criterion.name}
                },
            )
            self.fields[f"comment_{criterion.pk}"] = Text(
                max_length=1000, noun=_("comment on %(name)s") % {"name": criterion.name}
            )
        self.beside = frozenset(self.fields)

    def lines(self) -> list[tuple[Criterion, BoundField, BoundField]]:
        """Per criterion, its score and comment fields, as the page lays them out."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }


class VoteForm(ServiceForm):
    proposal = WholeNumber(
        required=True,
        error_messages={
            "required": gettext_lazy("Choose the proposal you vote for."),
            "invalid": gettext_lazy("Choose the proposal you vote for from the list."),
        },
    )
