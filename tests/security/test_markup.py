"""Finding 10: `@mention` marks are made on text, never inside markup. The mark was once pasted
into the sanitised HTML by a regular expression, so `@name` inside a link's address or title
closed the attribute and opened markup of the commenter's choosing."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from cocreate.challenges.models import Action
from cocreate.community.services import comment_create

from ..factories import UserFactory, make_challenge, make_proposal

MARK = '<strong class="mention">@other</strong>'


@pytest.fixture
def proposal(owner, organization, resident):
    challenge = make_challenge(
        owner, organization, slug="talk", actions=[Action.SUBMIT, Action.COMMENT]
    )
    return make_proposal(challenge, owner)


class _Tree(HTMLParser):
    """The elements of an HTML fragment with their attributes, and its text per element."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.text: list[tuple[tuple[str, ...], str]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open}"
        self.open.pop()

    def handle_data(self, data):
        self.text.append((tuple(self.open), data))


def _tree(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    assert not tree.open, f"unclosed {tree.open} in {html!r}"
    return tree


@pytest.mark.parametrize(
    "body",
    [
        "[a link](https://example.org/?to=@other)",  # in an address
        '[a link](https://example.org/ "ask @other")',  # in a link title
        "[a link](https://example.org/@other)",
        "<a href='https://example.org/?q=@other'>raw link</a>",
        '<a title="@other" href="https://example.org/">raw titled link</a>',
    ],
)
def test_a_mention_inside_an_attribute_stays_text_there(proposal, resident, other, body):
    html = comment_create(actor=resident, proposal=proposal, body=body).body_html
    tree = _tree(html)
    assert [tag for tag, _attrs in tree.elements] == ["p", "a"], html
    for _tag, attrs in tree.elements:
        for value in attrs.values():
            assert "<" not in (value or "") and "mention" not in (value or ""), html
    assert "class=" not in html


@pytest.mark.parametrize(
    "body", ["`@other`", "Look:\n\n    @other in a code block", "```\n@other\n```"]
)
def test_a_mention_in_code_is_not_marked_and_tells_nobody(proposal, resident, other, body):
    comment = comment_create(actor=resident, proposal=proposal, body=body)
    assert "mention" not in comment.body_html
    assert "@other" in comment.body_html
    assert not comment.mentions.exists()


def test_a_mention_in_link_text_is_marked_inside_the_link(proposal, resident, other):
    html = comment_create(
        actor=resident, proposal=proposal, body="[ask @other](https://example.org/)"
    ).body_html
    assert f"ask {MARK}</a>" in html
    assert [tag for tag, _attrs in _tree(html).elements] == ["p", "a", "strong"]


def test_a_typed_mention_mark_is_not_taken_for_one(proposal, resident, other):
    """Only the service marks mentions: the class is not the commenter's to give."""
    html = comment_create(
        actor=resident, proposal=proposal, body='<strong class="mention">@nobody</strong> hi @other'
    ).body_html
    assert html.count('class="mention"') == 1 and MARK in html


def test_marks_and_escaping_in_plain_text(proposal, resident, other):
    UserFactory(username="o.k-name_1")
    comment = comment_create(
        actor=resident,
        proposal=proposal,
        body="@other, @o.k-name_1. <b>&</b> @nobody me@example.org **@other**",
    )
    html = comment.body_html
    assert html.startswith(f"<p>{MARK}, ")
    assert '<strong class="mention">@o.k-name_1</strong>.' in html
    assert f"<strong>{MARK}</strong>" in html
    assert "&amp;" in html and "@nobody" in html and "me@example.org" in html
    assert sorted(u.username for u in comment.mentions.all()) == ["o.k-name_1", "other"]
    _tree(html)
