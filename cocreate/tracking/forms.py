"""What staff type into the progress, import and notes forms, read at the boundary."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import Line, ServiceForm, Text, WholeNumber

from .selectors import MAX_BYTES, MAX_TEXT, MAX_TITLE
from .services import MAX_ALT, MAX_NOTE


class ProgressForm(ServiceForm):
    """One form for the progress page's actions: `op` is percent, add, edit or remove; `entry`
    names the entry an edit or removal is about."""

    beside = frozenset({"percent"})

    op = Line(max_length=20, noun="action")
    entry = WholeNumber()
    percent = WholeNumber(digits=6)
    date = Line(max_length=40, noun="date")
    title = Line(max_length=MAX_TITLE, noun="title")
    text = Text(max_length=MAX_TEXT, noun="text")
    built = forms.BooleanField(required=False)
    photo = forms.FileField(required=False)
    photo_alt = Line(max_length=MAX_ALT, noun="photo description")
    drop_photo = forms.BooleanField(required=False)


class ImportForm(ServiceForm):
    """Preview an uploaded CSV (`file`), or import the text the preview showed (`csv`)."""

    op = Line(max_length=20, noun="action")
    file = forms.FileField(required=False)
    csv = Text(max_length=MAX_BYTES, noun="CSV")


class NotesForm(ServiceForm):
    """The staff panel: `op` is note, item, tick, untick or remove; `item` names the line."""

    op = Line(max_length=20, noun="action")
    item = WholeNumber()
    text = Text(max_length=MAX_NOTE, noun="note")


IMPORT_HELP = _(
    "A CSV in UTF-8 with a header row: proposal (its number), date (YYYY-MM-DD), title, text, "
    "and optionally percent (0–100). At most 2,000 rows and 1 MB."
)
