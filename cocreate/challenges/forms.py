"""A challenge page's query string: how its proposal cards are sorted and which page."""

from __future__ import annotations

from django import forms

from cocreate.core.forms import PageField, ServiceForm
from cocreate.proposals.selectors import SORTS


class ListingForm(ServiceForm):
    sort = forms.ChoiceField(
        choices=[(sort, sort) for sort in SORTS], initial="newest", required=False
    )
    page = PageField()
