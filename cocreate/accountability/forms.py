"""The accountability page's query string and the staff's as-built form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import Line, PageField, ServiceForm, Text

from .services import MAX_NOTE

MAX_DESIGN = 200_000  # a design of 200 parts is about 40 kB of JSON


class PageForm(ServiceForm):
    page = PageField()


class StartForm(ServiceForm):
    """``?start=baseline`` or ``?start=<proposal id>``: what the design field starts from."""

    start = Line(max_length=20, noun="starting point")


class AsBuiltForm(ServiceForm):
    beside = frozenset({"design", "note", "credited"})

    design = Text(max_length=MAX_DESIGN, noun="design", required=True)
    note = Text(max_length=MAX_NOTE, noun="note")
    credited = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Credit proposals of this challenge only.")},
    )
