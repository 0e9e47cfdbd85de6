"""The review board's query string (filters, sort, search, page) and its bulk status change."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.core.forms import Line, PageField, ServiceForm, Text
from cocreate.core.numbers import whole_number
from cocreate.decisions.services import MAX_ANSWER
from cocreate.organizations.models import ProposalStatus, Stage

from .selectors import BoardFilters, KeyMetric, sorts_for
from .services import MAX_SELECTED

MAX_SEARCH = 200
NO_ANSWER = "none"
SORT_LABELS = {
    "supported": gettext_lazy("Most supported"),
    "newest": gettext_lazy("Newest"),
    "oldest": gettext_lazy("Oldest"),
    "opposed": gettext_lazy("Most opposed"),
    "warnings": gettext_lazy("Most warnings"),
    "due": gettext_lazy("Answer due soonest"),
}


class Choice(forms.ChoiceField):
    """A choice from a list the page offers; anything else is refused naming the field."""

    def __init__(self, *, noun: str, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", "")
        super().__init__(**kwargs)
        self.error_messages["invalid_choice"] = _(
            "Choose one of the listed %(noun)s (“%%(value)s” is not one)."
        ) % {"noun": noun}


class BoardForm(ServiceForm):
    """What the board shows, read from its query string. A stale or hand-edited link still
    shows the board: what can't be read is ignored (`ignored` says what)."""

    q = Line(
        max_length=MAX_SEARCH,
        noun="search",
        truncate=True,
        label=gettext_lazy("Search titles and reasons"),
        widget=forms.TextInput(attrs={"type": "search", "data-board-search": ""}),
    )
    # A field, not ServiceForm.status (the form's metaclass takes it off the class).
    status = Choice(noun="statuses", label=gettext_lazy("Status"))  # type: ignore[assignment]
    overdue = forms.BooleanField(required=False, label=gettext_lazy("Overdue"))
    warnings = forms.BooleanField(required=False, label=gettext_lazy("Has warnings"))
    rung = forms.BooleanField(required=False, label=gettext_lazy("Reached the last rung"))
    hidden = Choice(
        noun="hidden choices",
        label=gettext_lazy("Hidden by moderation"),
        choices=[
            ("", gettext_lazy("Shown or hidden")),
            ("hidden", gettext_lazy("Hidden only")),
            ("shown", gettext_lazy("Not hidden")),
        ],
    )
    sort = Choice(noun="sorts", label=gettext_lazy("Sort by"), initial="supported")
    page = PageField()

    def __init__(
        self,
        data: QueryDict,
        *,
        statuses: list[ProposalStatus],
        metrics: list[KeyMetric],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "filter-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("Any status")),
            (NO_ANSWER, _("No answer yet")),
            *((str(s.pk), s.name) for s in statuses),
        ]
        labels = {
            **SORT_LABELS,
            **{
                f"metric:{m.id}:{direction}": f"{m.label}, {word}"
                for m in metrics
                for direction, word in (("desc", _("highest first")), ("asc", _("lowest first")))
            },
        }
        cast(forms.ChoiceField, self.fields["sort"]).choices = [
            (name, labels[name]) for name in sorts_for(metrics)
        ]

    def filters(self) -> BoardFilters:
        status = self.fallback("status")
        return BoardFilters(
            status=int(status) if status not in ("", NO_ANSWER) else None,
            unanswered=status == NO_ANSWER,
            overdue=bool(self.fallback("overdue")),
            warnings=bool(self.fallback("warnings")),
            hidden=self.fallback("hidden"),
            last_rung=bool(self.fallback("rung")),
            search=self.fallback("q"),
        )

    def ignored(self) -> list[str]:
        """What the query string asked that the board could not read, to say it was ignored."""
        self.is_valid()
        return [
            f"{self.fields[name].label}: {message}"
            for name in self.errors
            for message in self.messages(name)
        ]


class Ids(forms.Field):
    """The ticked proposals: every value a whole number (an id), at most `MAX_SELECTED`."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list) else [value] if value else []
        if len(values) > MAX_SELECTED:
            raise ValidationError(
                _("Tick at most %(n)d proposals at once.") % {"n": MAX_SELECTED}, code="max"
            )
        ids = [whole_number(str(v)) for v in values]
        if any(id_ is None for id_ in ids):
            raise ValidationError(_("The ticked proposals must be named by their ids."))
        return sorted({id_ for id_ in ids if id_ is not None})


class BulkStatusForm(ServiceForm):
    """Answer the ticked proposals at once: one status, one public answer."""

    beside = frozenset({"new_status", "answer"})

    proposals = Ids(required=False)
    new_status = Choice(noun="statuses", label=gettext_lazy("New status"))
    answer = Text(
        max_length=MAX_ANSWER,
        noun="answer",
        label=gettext_lazy("Answer"),
        widget=forms.Textarea(attrs={"rows": 4, "aria-describedby": "bulk-answer-hint"}),
    )
    # The board's query string, to go back to the same view.
    view = Line(max_length=2000, noun="view", truncate=True)

    def __init__(
        self, data: QueryDict | None = None, *, statuses: list[ProposalStatus], **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", "bulk-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)
        # Merging has its own form ("Merge into"): it moves supports to the other proposal.
        self.statuses = {str(s.pk): s for s in statuses if s.stage != Stage.MERGED}
        cast(forms.ChoiceField, self.fields["new_status"]).choices = [
            ("", _("Choose a status")),
            *((key, status.name) for key, status in self.statuses.items()),
        ]

    def clean_new_status(self) -> ProposalStatus:
        chosen: str = self.cleaned_data["new_status"]
        if not chosen:
            raise ValidationError(_("Choose the status to give the ticked proposals."))
        return self.statuses[chosen]

    def ticked(self) -> set[int]:
        """The ids ticked, as far as they can be read: kept ticked when the board is shown
        again."""
        value = self.typed("proposals")
        if isinstance(value, list):
            return {whole_number(str(v)) or 0 for v in value} - {0}
        return set()
