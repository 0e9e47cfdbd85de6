"""Template filters shared by every page."""

from __future__ import annotations

import markdown as md
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr",
}  # fmt: skip


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown rendered, then sanitized: people's text never brings its own HTML or scripts."""
    html = md.markdown(text or "", extensions=["sane_lists"])
    return mark_safe(nh3.clean(html, tags=_ALLOWED_TAGS, link_rel="noopener nofollow ugc"))  # noqa: S308


@register.filter
def metres(value: float | int | None) -> str:
    """3.0 -> '3.00 m'."""
    if value is None:
        return ""
    return f"{float(value):.2f} m"
