"""The search page's and the similar-proposals partial's query strings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import Line, PageField, ServiceForm

MAX_QUERY = 200
MAX_PAGE = 50  # deep pages of a ranked list help nobody and cost an OFFSET scan


# The search page's orders (keys of selectors.SEARCH_ORDERS), as its select names them.
SEARCH_SORTS = [
    ("best", _("Best match")),
    ("supported", _("Most supported")),
    ("newest", _("Newest")),
]


class SearchForm(ServiceForm):
    q = Line(max_length=MAX_QUERY, noun="search", truncate=True)
    page = PageField(last=MAX_PAGE)
    sort = forms.ChoiceField(choices=SEARCH_SORTS, initial="best", required=False)


class SimilarForm(ServiceForm):
    """The title typed so far; anything odd is no title (the draft's design still counts)."""

    title = Line(max_length=MAX_QUERY, noun="title", truncate=True)
