"""The search page's and the similar-proposals partial's query strings."""

from __future__ import annotations

from cocreate.core.forms import Line, PageField, ServiceForm

MAX_QUERY = 200
MAX_PAGE = 50  # deep pages of a ranked list help nobody and cost an OFFSET scan


class SearchForm(ServiceForm):
    q = Line(max_length=MAX_QUERY, noun="search", truncate=True)
    page = PageField(last=MAX_PAGE)


class SimilarForm(ServiceForm):
    """The title typed so far; anything odd is no title (the draft's design still counts)."""

    title = Line(max_length=MAX_QUERY, noun="title", truncate=True)
