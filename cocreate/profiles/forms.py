"""A profile page's query string."""

from __future__ import annotations

from cocreate.core.forms import PageField, ServiceForm

from .selectors import MAX_COMMENT_PAGE


class ProfileForm(ServiceForm):
    page = PageField(last=MAX_COMMENT_PAGE)
