"""Pages read as a tree of elements, so a test asserts structure (this link, a button named
"Remix", five list items) instead of a substring that could match anywhere in the markup.

Built on the standard library's HTMLParser. Selectors are the small CSS subset the tests need:
type, ``#id``, ``.class``, ``[attr]`` and ``[attr=value]``, joined by descendant (space) and
child (``>``) combinators.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Protocol

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
NOT_TEXT = {"script", "style", "template"}
# A start tag of these closes an open sibling of the same kind (HTML lets </li> be omitted).
SIBLINGS = {"li", "option", "p", "tr", "td", "th", "dt", "dd"}
COMPOUND = re.compile(r">|(?:[^\s>\[]|\[[^\]]*\])+")
SIMPLE = re.compile(
    r"#(?P<id>[\w-]+)|\.(?P<cls>[\w-]+)"
    r"|\[\s*(?P<attr>[\w:-]+)\s*(?:=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\]\s]*))?\s*\]"
)


class _Response(Protocol):
    content: bytes


class Element:
    """One element: its tag, attributes, and children (elements and text, in order)."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        attrs = "".join(f' {name}="{value}"' for name, value in self.attrs.items())
        return f"<{self.tag}{attrs}>{self.text[:60]}"

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def data(self) -> str:
        """The raw text inside, as written (a ``<script type="application/json">``'s JSON)."""
        return "".join(c if isinstance(c, str) else c.data for c in self.children)

    @property
    def text(self) -> str:
        """The visible text inside, whitespace collapsed as a browser shows it."""
        return " ".join("".join(self._pieces(alt=False)).split())

    @property
    def name(self) -> str:
        """The accessible name: aria-labelledby, aria-label, a button input's value, an image's
        alt, else the text inside (with images' alt), else the title."""
        if ids := self.attrs.get("aria-labelledby"):
            root = self.root()
            return " ".join(root.one(f"#{id_}").text for id_ in ids.split())
        if label := self.attrs.get("aria-label"):
            return label.strip()
        if self.tag == "input" and self.attrs.get("type") in {"submit", "button", "reset"}:
            return self.attrs.get("value", "").strip()
        if self.tag == "img":
            return self.attrs.get("alt", "").strip()
        content = " ".join("".join(self._pieces(alt=True)).split())
        return content or self.attrs.get("title", "").strip()

    def _pieces(self, *, alt: bool) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            elif child.tag == "img" and alt:
                yield child.attrs.get("alt", "")
            elif child.tag == "br":
                yield "\n"
            elif child.tag not in NOT_TEXT:
                yield from child._pieces(alt=alt)

    @property
    def next_element(self) -> Element | None:
        """The element after this one among its parent's children (the list after a heading)."""
        siblings = (
            [c for c in self.parent.children if isinstance(c, Element)] if self.parent else []
        )
        following = siblings[siblings.index(self) + 1 :] if siblings else []
        return following[0] if following else None

    def root(self) -> Element:
        element = self
        while element.parent is not None:
            element = element.parent
        return element

    def ancestors(self) -> Iterator[Element]:
        element = self.parent
        while element is not None:
            yield element
            element = element.parent

    def descendants(self) -> Iterator[Element]:
        """Every element inside, in document order."""
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.descendants()

    def select(self, selector: str) -> list[Element]:
        """The elements inside that match ``selector``, in document order."""
        steps = _parse(selector)
        return [e for e in self.descendants() if _matches(e, steps, len(steps) - 1, self)]

    def one(self, selector: str) -> Element:
        """The one element matching ``selector``; fails the test unless there is exactly one."""
        found = self.select(selector)
        assert len(found) == 1, f"{len(found)} elements match {selector!r}: {found}"
        return found[0]

    def named(self, selector: str, name: str) -> list[Element]:
        """The elements matching ``selector`` whose accessible name is ``name``."""
        return [e for e in self.select(selector) if e.name == name]

    def button(self, name: str) -> Element:
        """The one button (``<button>`` or a button input) whose accessible name is ``name``."""
        found = [
            *self.named("button", name),
            *[e for e in self.named("input", name) if e.get("type") in {"submit", "button"}],
        ]
        assert len(found) == 1, f"{len(found)} buttons named {name!r}: {found}"
        return found[0]

    def link(self, name: str) -> Element:
        """The one link (``<a href>``) whose accessible name is ``name``."""
        found = self.named("a[href]", name)
        assert len(found) == 1, f"{len(found)} links named {name!r}: {found}"
        return found[0]


Step = tuple[str, str | None, list[tuple[str, str, str | None]]]  # combinator, tag, conditions


def _parse(selector: str) -> list[Step]:
    steps: list[Step] = []
    combinator = " "
    for token in COMPOUND.findall(selector):
        if token == ">":
            combinator = ">"
            continue
        tag_match = re.match(r"[\w-]+|\*", token)
        tag = tag_match.group() if tag_match else None
        rest = token[tag_match.end() :] if tag_match else token
        conditions: list[tuple[str, str, str | None]] = []
        position = 0
        for simple in SIMPLE.finditer(rest):
            if simple.start() != position:
                break
            position = simple.end()
            if simple["id"]:
                conditions.append(("=", "id", simple["id"]))
            elif simple["cls"]:
                conditions.append(("class", "class", simple["cls"]))
            else:
                value = simple["value"]
                if value and value[0] in "\"'":
                    value = value[1:-1]
                conditions.append(("=" if value is not None else "has", simple["attr"], value))
        if position != len(rest):
            raise ValueError(f"unsupported selector {selector!r} at {rest[position:]!r}")
        steps.append((combinator, None if tag == "*" else tag, conditions))
        combinator = " "
    if not steps:
        raise ValueError(f"empty selector {selector!r}")
    return steps


def _matches_one(element: Element, step: Step) -> bool:
    _combinator, tag, conditions = step
    if tag is not None and element.tag != tag:
        return False
    for kind, attr, value in conditions:
        if kind == "class" and value not in element.classes:
            return False
        if kind == "has" and attr not in element.attrs:
            return False
        if kind == "=" and element.attrs.get(attr) != value:
            return False
    return True


def _matches(element: Element, steps: list[Step], index: int, scope: Element) -> bool:
    if not _matches_one(element, steps[index]):
        return False
    if index == 0:
        return True
    combinator = steps[index][0]
    for ancestor in element.ancestors():
        if ancestor is scope:
            return False
        if _matches(ancestor, steps, index - 1, scope):
            return True
        if combinator == ">":
            return False
    return False


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SIBLINGS and self.open[-1].tag == tag:
            self.open.pop()
        element = Element(tag, {k: v or "" for k, v in attrs}, self.open[-1])
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:  # <svg ... /> children such as <path/>
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]  # closes elements whose end tag HTML lets one omit
                return
        line, column = self.getpos()
        raise ValueError(f"</{tag}> at line {line} column {column} closes no open element")

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(page: str | bytes | _Response) -> Element:
    """The document tree of an HTML page, a response's body or a string of markup."""
    if not isinstance(page, (str, bytes)):
        page = page.content
    if isinstance(page, bytes):
        page = page.decode()
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder.root


def messages(page: Element) -> list[str]:
    """The texts of the messages base.html shows above the page (what was done or refused)."""
    return [message.text for message in page.select(".messages > p.message")]
