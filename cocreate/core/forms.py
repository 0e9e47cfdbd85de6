"""Forms at the boundary: the field types every view reads input through, and the one adapter
that puts a service's refusal on a form.

Views never read ``request.POST`` or ``request.GET`` themselves: a form's fields refuse what no
person types (NUL bytes, control characters, pages of text, numbers that are not numbers) with
a message naming the field, before any service runs. Services still check their own rules, and
`ServiceForm.refuse` shows what they raise beside the fields it names.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .numbers import decimal_number, whole_number
from .text import control_character


class SiteFormRenderer(TemplatesSetting):
    """Every Django form on the site (ours and allauth's) draws itself with the same two
    templates: an error summary above the fields, and each field's message beside it."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class Line(forms.CharField):
    """One line of text: trimmed, at most `max_length` characters, no control characters.

    `noun` names the field in messages ("Keep the title under 140 characters."); `truncate`
    cuts longer text instead of refusing it (a search box, where the first words are enough)."""

    lines = False  # tab and newline are control characters here

    def __init__(
        self, *, max_length: int, noun: str = "", truncate: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", "")
        super().__init__(**kwargs)
        # Checked in `validate` with messages that name the field, instead of Django's.
        self.max_length = max_length
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.noun = noun or _("text")
        self.truncate = truncate

    def to_python(self, value: Any) -> str:
        text: str = super().to_python(value) or ""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text[: self.max_length].strip() if self.truncate else text

    def validate(self, value: str) -> None:
        super().validate(value)
        if refused := control_character(value, self.noun, lines=self.lines):
            code = "null_characters_not_allowed" if "\x00" in value else "control_character"
            raise ValidationError(refused, code=code)
        if self.max_length is not None and len(value) > self.max_length:
            raise ValidationError(
                _("Keep the %(noun)s under %(n)s characters (it has %(have)s).")
                % {"noun": self.noun, "n": f"{self.max_length:,}", "have": f"{len(value):,}"},
                code="max_length",
            )


class Text(Line):
    """Multi-line text (a textarea): as `Line`, but tabs and line breaks are welcome."""

    lines = True
    widget = forms.Textarea


class WholeNumber(forms.Field):
    """An id or a count: ASCII digits only, at most 18 of them (see `whole_number`)."""

    default_error_messages = {"invalid": gettext_lazy("Enter a whole number, such as 3.")}

    def __init__(self, *, digits: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.digits = digits

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        number = whole_number(str(value), **({"digits": self.digits} if self.digits else {}))
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class PageField(WholeNumber):
    """``?page=``: a page number from 1 to `last`; read with `ServiceForm.fallback`, anything
    else is the first page."""

    def __init__(self, *, last: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", 1)
        super().__init__(**kwargs)
        self.last = last

    def validate(self, value: int | None) -> None:
        super().validate(value)
        if value is not None and not 1 <= value <= (self.last or value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")


class Number(forms.Field):
    """A decimal a person typed, read by `decimal_number`: NaN, infinities and overflow are
    refused, and the value is rounded to `places` before the bounds are checked, so with
    ``above=0`` a value that rounds to nothing is refused too."""

    default_error_messages = {
        "invalid": gettext_lazy("Type a number, such as 2.5."),
        "range": gettext_lazy("Type a number more than %(above)s and at most %(at_most)s."),
    }

    def __init__(
        self,
        *,
        places: int | None = None,
        above: Decimal | int | None = None,
        at_most: Decimal | int | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.places, self.above, self.at_most = places, above, at_most

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        number = decimal_number(str(value), places=self.places)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def validate(self, value: Decimal | None) -> None:
        super().validate(value)
        if value is None:
            return
        if (self.above is not None and value <= self.above) or (
            self.at_most is not None and value > self.at_most
        ):
            raise ValidationError(
                self.error_messages["range"],
                code="range",
                params={"above": self.above, "at_most": self.at_most},
            )


class ServiceForm(forms.Form):
    """A form whose input a service takes: `refuse` is the one place a service's
    ``ValidationError`` (or ``PermissionDenied``) becomes messages on the form's fields."""

    # The fields whose messages the page shows next to them; every other message is shown above.
    beside: frozenset[str] = frozenset()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.forbidden = False

    def refuse(self, error: ValidationError | PermissionDenied) -> None:
        """Messages for a field the page shows messages beside (`beside`) go there; the rest
        above the form."""
        if isinstance(error, PermissionDenied):
            self.forbidden = True
            self.add_error(None, str(error) or _("You can't do that here."))
            return
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, found in error.error_dict.items():
            self.add_error(name if name in self.beside else None, found)

    @property
    def status(self) -> int:
        """For a re-rendered form: 403 when refused for permission, 400 with errors."""
        if self.forbidden:
            return 403
        return 400 if self.errors else 200

    def above(self) -> list[str]:
        """Messages the page shows above the form: the form's own, then those of every field not
        in `beside` (the fields whose template shows their messages next to them)."""
        found = self.messages(NON_FIELD_ERRORS)
        for name in self.errors:
            if name != NON_FIELD_ERRORS and name not in self.beside:
                found.extend(self.messages(name))
        return found

    def messages(self, name: str) -> list[str]:
        """The messages on field `name` as text."""
        return [str(message) for message in self.errors.get(name, ())]

    def typed(self, name: str) -> Any:
        """The clean value of field `name`, or what was typed when it isn't, to show it back (the
        person fixes it; nothing typed is lost)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return cleaned[name] if name in cleaned else self[name].value()

    def fallback(self, name: str) -> Any:
        """The cleaned value, or the field's initial when it is missing or unreadable: for a
        query string, where a stale or hand-edited link still shows the page."""
        self.is_valid()
        value = self.cleaned_data.get(name)
        return self.fields[name].initial if value in (None, "") else value
