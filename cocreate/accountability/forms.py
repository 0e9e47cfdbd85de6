"""The accountability page's query string and the staff's as-built form (the design itself is the
editor's, read by the toolkit's `DraftForm`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import Line, PageField, ServiceForm, Text

from .services import MAX_NOTE


class PageForm(ServiceForm):
    page = PageField()


class StartForm(ServiceForm):
    """``?start=baseline``, ``?start=current`` or ``?start=<proposal id>``: the design the editor
    opens on."""

    start = Line(max_length=20, noun="starting point")


class AsBuiltForm(ServiceForm):
    """The words and credits published with the design; the proposals that may be credited are
    the page's (`credits`)."""

    beside = frozenset({"note", "credited"})

    note = Text(max_length=MAX_NOTE, noun="note")
    credited = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Credit proposals of this challenge only.")},
    )

    def __init__(self, *args: Any, credits: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["credited"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = credits
