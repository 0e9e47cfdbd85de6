"""The audit log's filters, read from the query string."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.core.forms import ServiceForm, WholeNumber

from .selectors import AuditChoices, AuditFilters

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# Far enough to cover any log, near enough that a day's bounds never overflow a datetime.
EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)


def _day(label: str | _StrPromise) -> forms.DateField:
    message = gettext_lazy("Type the date as YYYY-MM-DD, such as 2025-03-01.")
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[MinValueValidator(EARLIEST), MaxValueValidator(LATEST)],
        error_messages={"invalid": message},
    )


class AuditFilterForm(ServiceForm):
    """``?action=&person=&target=&since=&until=&before=``. A filter that does not read (a date
    that is not one, an action the log does not hold) is shown with its message and left out;
    the others still apply."""

    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose an action from the list.")},
    )
    person = forms.TypedChoiceField(
        label=gettext_lazy("Person"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": gettext_lazy("Choose a person from the list.")},
    )
    target = forms.ChoiceField(
        label=gettext_lazy("Target type"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a target type from the list.")},
    )
    since = _day(gettext_lazy("From"))
    until = _day(gettext_lazy("To"))
    before = WholeNumber()

    beside = frozenset({"action", "person", "target", "since", "until"})

    def __init__(self, data: Any, *, choices: AuditChoices) -> None:
        super().__init__(data)
        self._offer("action", [("", _("Any action")), *choices.actions])
        self._offer("person", [("", _("Anyone")), *choices.people])
        self._offer("target", [("", _("Anything")), *choices.target_types])
        for name in ("since", "until"):
            self.fields[name].error_messages["min_value"] = _("Pick a date from 2000 on.")
            self.fields[name].error_messages["max_value"] = _("Pick a date before 3000.")

    def _offer(self, name: str, choices: list[tuple[Any, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The “To” date comes before the “From” date."))
        return cleaned

    def filters(self) -> AuditFilters:
        """The filters that read; the rest left out (their messages are on the form)."""
        self.is_valid()
        cleaned = self.cleaned_data
        return AuditFilters(
            action=cleaned.get("action") or "",
            actor=cleaned.get("person"),
            target_type=cleaned.get("target") or "",
            since=cleaned.get("since"),
            until=cleaned.get("until"),
        )

    def query(self, **changes: Any) -> str:
        """The filters as a query string (for the next page's link), with `changes`."""
        values = {name: self.data.get(name, "") for name in self.beside}
        values.update(changes)
        return urlencode({k: v for k, v in sorted(values.items()) if v not in ("", None)})
