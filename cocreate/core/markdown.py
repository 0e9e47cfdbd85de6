"""People's Markdown turned into safe HTML, once, when it is written (never per request)."""

from __future__ import annotations

import markdown as md
import nh3

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr",
}  # fmt: skip


def render_markdown(text: str) -> str:
    """Markdown rendered, then sanitized: people's text never brings its own HTML or scripts."""
    html = md.markdown(text or "", extensions=["sane_lists"])
    return nh3.clean(html, tags=_ALLOWED_TAGS, link_rel="noopener nofollow ugc")
