"""People's Markdown turned into safe HTML, once, when it is written (never per request)."""

from __future__ import annotations

import re
from collections.abc import Collection
from html import escape
from html.parser import HTMLParser

import markdown as md
import nh3

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr",
}  # fmt: skip
_LINK_REL = "noopener nofollow ugc"
# "@name" not glued to a word, a slash or another "@" (so e-mail addresses and URLs stay put).
MENTION = re.compile(r"(?<![\w@/.])@([\w.+-]*[\w+-])")
_VERBATIM = {"code", "pre"}  # text shown as typed: an "@name" there mentions nobody


def render_markdown(text: str) -> str:
    """Markdown rendered, then sanitized: people's text never brings its own HTML or scripts."""
    html = md.markdown(text or "", extensions=["sane_lists"])
    return nh3.clean(html, tags=_ALLOWED_TAGS, link_rel=_LINK_REL)


def render_with_mentions(text: str, people: Collection[str]) -> tuple[str, set[str]]:
    """As `render_markdown`, with each "@name" of `people` marked as a mention; returns the HTML
    and the names marked. Marks go on text nodes only (never inside an attribute, a link's
    address or code), and the result is sanitized again with that one class allowed — the
    first pass dropped every class the text brought, so nobody can type a mark."""
    html = render_markdown(text)
    if not people:
        return html, set()
    marker = _Marker(set(people))
    marker.feed(html)
    marker.close()
    marked = nh3.clean(
        "".join(marker.out),
        tags=_ALLOWED_TAGS,
        link_rel=_LINK_REL,
        allowed_classes={"strong": {"mention"}},
    )
    return marked, marker.marked


class _Marker(HTMLParser):
    """Copies sanitized HTML as it is, marking mentions in the text between its tags."""

    def __init__(self, people: set[str]) -> None:
        super().__init__(convert_charrefs=False)  # entities pass through as they were written
        self.people = people
        self.marked: set[str] = set()
        self.out: list[str] = []
        self.verbatim = 0  # how many <code>/<pre> are open

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.verbatim += tag in _VERBATIM
        self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.verbatim -= tag in _VERBATIM
        self.out.append(f"</{tag}>")

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_data(self, data: str) -> None:
        self.out.append(data if self.verbatim else MENTION.sub(self._mark, data))

    def _mark(self, match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in self.people:
            return match.group(0)
        self.marked.add(name)
        return f'<strong class="mention">@{escape(name)}</strong>'
