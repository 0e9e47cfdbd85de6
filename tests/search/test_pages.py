"""The search page and the similar-proposals partial: status, content, privacy, query counts."""

from __future__ import annotations

import copy
import json

import pytest

from cocreate.challenges.models import Visibility
from cocreate.community.services import comment_create
from cocreate.proposals.services import support_add

from ..factories import make_challenge, make_proposal
from ..html import Element, parse
from .conftest import OPEN

# challenge + its phases, then one search query; the same for 1 and for 50 matching proposals,
# whether they match by their own text or by their comments.
SEARCH_QUERIES = 3
# Signed in, the page's header also loads the session, the user and the unread-notification count (a
# public challenge needs no membership check); the similar partial loads only the session.
SIGNED_IN_EXTRA = 3
SUPPORT_BUTTONS = 1  # signed in: which of the hits the person supports (the budget: none here)
DRAFT_EXTRA = 0  # the toolkit form posts the design on the page: no draft is read


def _proposals(challenge, author, n):
    return [make_proposal(challenge, author, title=f"Street trees idea {i}") for i in range(n)]


def _hits(page: Element) -> list[Element]:
    return page.select("ol.search-hits > li.search-hit")


@pytest.mark.parametrize("rows", [1, 50])
def test_search_page_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    _proposals(challenge, resident, rows)
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(f"/c/{challenge.slug}/search/", {"q": "trees"})
    page = parse(response)
    assert response.status_code == 200
    hits = _hits(page)
    assert len(hits) == min(rows, 20)
    assert all([mark.text for mark in hit.select("h3 a mark")] == ["trees"] for hit in hits)
    form = page.one("form.search-form[role=search]")
    assert form.one("label[for=search-q]").text == "Search"
    assert form.one("input#search-q")["name"] == "q"
    assert form.button("Search")["type"] == "submit"
    assert len(page.select("nav.pager a[rel=next]")) == (rows > 20)


@pytest.mark.parametrize("rows", [1, 50])
def test_search_page_with_comment_matches_in_constant_queries(
    client, challenge, resident, other, django_assert_num_queries, rows
):
    for proposal in _proposals(challenge, resident, rows):
        comment_create(actor=other, proposal=proposal, body="A gondola would be faster.")
        comment_create(actor=other, proposal=proposal, body="Gondola, gondola!")
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(f"/c/{challenge.slug}/search/", {"q": "gondola"})
    assert response.status_code == 200
    snippets = [hit.one("p.snippet") for hit in _hits(parse(response))]
    assert len(snippets) == min(rows, 20)
    assert all(snippet.classes == {"snippet", "from-comment"} for snippet in snippets)


def test_search_page_shows_the_matching_comment_and_links_to_it(client, challenge, resident, other):
    proposal = make_proposal(challenge, resident, title="Wider platforms")
    comment = comment_create(
        actor=other, proposal=proposal, body="What about a <i>funicular</i> up the hill?"
    )
    html = client.get(f"/c/{challenge.slug}/search/", {"q": "funicular"}).content.decode()
    [hit] = _hits(parse(html))
    url = f"/c/{challenge.slug}/p/{proposal.pk}/"
    snippet = hit.one("p.snippet.from-comment")
    link = snippet.one("a")
    assert (link["href"], link.text) == (f"{url}#comment-{comment.pk}", "In a comment by other")
    assert snippet.text.startswith("In a comment by other: ")
    assert snippet.one("mark").text == "funicular" and "<i>" not in html
    title = hit.one("h3 a")
    assert (title["href"], title.text) == (url, "Wider platforms")


@pytest.mark.parametrize("rows", [1, 50])
def test_search_page_signed_in_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    _proposals(challenge, resident, rows)
    client.force_login(resident)
    with django_assert_num_queries(SEARCH_QUERIES + SIGNED_IN_EXTRA + SUPPORT_BUTTONS):
        response = client.get(f"/c/{challenge.slug}/search/", {"q": "trees"})
    assert response.status_code == 200
    assert len(_hits(parse(response))) == min(rows, 20)


def tree_design(challenge):
    """The baseline with a tree taking 0.6 m of the first drive lane."""
    design = copy.deepcopy(challenge.baseline)
    design["parts"][2]["width"] = round(design["parts"][2]["width"] - 0.6, 2)
    design["parts"].insert(2, {"type": "sidewalk-tree", "width": 0.6})
    return design


def test_search_hits_show_count_summary_author_supporters_and_support_button(
    client, challenge, resident, other
):
    plain = make_proposal(challenge, resident, title="Street trees, as it is")
    treed = make_proposal(challenge, resident, title="Street trees", design=tree_design(challenge))
    support_add(actor=other, proposal=treed)
    client.force_login(other)
    page = parse(client.get(f"/c/{challenge.slug}/search/", {"q": "trees"}))
    assert page.one("#results-title").text == "2 proposals match “trees”"
    by_title = {hit.one("h3 a").text: hit for hit in _hits(page)}
    hit = by_title["Street trees"]
    assert hit.one(".change-summary").text == "What it changes: +Tree, drive lane \u22120.6 m"
    assert (
        by_title["Street trees, as it is"]
        .one(".change-summary")
        .text.endswith("Same as the proposed design")
    )
    assert hit.one("p.meta").text.startswith("by resident, ")
    withdraw = hit.one(".support button")
    assert (withdraw.text, withdraw["aria-pressed"]) == ("Supported · 1", "true")
    support = by_title["Street trees, as it is"].one(".support button")
    assert (support.text, support["formaction"]) == (
        "Support",
        f"/c/{challenge.slug}/p/{plain.pk}/support/",
    )
    assert page.one("form#support-form")["method"] == "post"


@pytest.mark.parametrize(
    ("sort", "order"),
    # Best match: the title saying "trees" thrice first; equal matches newest first.
    [("best", ["Trees trees trees", "New trees", "Old trees"]),
     ("supported", ["Old trees", "Trees trees trees", "New trees"]),
     ("newest", ["New trees", "Trees trees trees", "Old trees"]),
     ("sideways", ["Trees trees trees", "New trees", "Old trees"]),
     ("", ["Trees trees trees", "New trees", "Old trees"])],
)  # fmt: skip
def test_search_sorts_and_an_unknown_sort_is_best_match(
    client, challenge, resident, other, sort, order
):
    old = make_proposal(challenge, resident, title="Old trees")
    make_proposal(challenge, resident, title="Trees trees trees")
    make_proposal(challenge, resident, title="New trees")
    support_add(actor=other, proposal=old)
    response = client.get(f"/c/{challenge.slug}/search/", {"q": "trees", "sort": sort})
    assert response.status_code == 200
    page = parse(response)
    assert [hit.one("h3 a").text for hit in _hits(page)] == order
    selected = page.one("select#search-sort option[selected]")["value"]
    assert selected == (sort if sort in {"supported", "newest"} else "best")
    assert page.one("label[for=search-sort]").text == "Sort by"


def test_search_page_without_query_shows_the_form_only(
    client, challenge, resident, django_assert_num_queries
):
    _proposals(challenge, resident, 3)
    with django_assert_num_queries(2):
        response = client.get(f"/c/{challenge.slug}/search/")
    html = response.content.decode()
    assert response.status_code == 200 and "search-hit" not in html
    assert parse(html).one("form.search-form input[name=q]").get("value") == ""


def test_search_page_pages_and_escapes(client, challenge, resident):
    _proposals(challenge, resident, 25)
    make_proposal(challenge, resident, title="Shade <script>alert(1)</script> & sun > rain")
    page = parse(client.get(f"/c/{challenge.slug}/search/", {"q": "trees", "page": "2"}))
    assert len(_hits(page)) == 5
    assert page.one("nav.pager a[rel=prev]")["href"] == "?q=trees&sort=best&page=1"
    html = client.get(f"/c/{challenge.slug}/search/", {"q": "sun rain"}).content.decode()
    assert "<mark>sun</mark> &gt; <mark>rain</mark>" in html and "&amp;" in html
    assert "<script>" not in html
    [hit] = _hits(parse(html))  # the title is text, its tags escaped, and only the words marked
    assert hit.one("h3 a").text == "Shade <script>alert(1)</script> & sun > rain"
    assert [mark.text for mark in hit.select("h3 a mark")] == ["sun", "rain"]


@pytest.mark.parametrize(
    "q", ['"', "*", "NEAR(", "a:b", "-", "OR", "ß", "\ue000", "x" * 5000, "'; DROP TABLE"]
)
def test_search_page_never_fails_on_syntax(client, challenge, resident, q):
    _proposals(challenge, resident, 2)
    response = client.get(f"/c/{challenge.slug}/search/", {"q": q, "page": "-3"})
    assert response.status_code == 200
    assert client.get(f"/c/{challenge.slug}/similar/", {"title": q}).status_code == 200


def test_search_page_reports_no_match(client, challenge, resident):
    _proposals(challenge, resident, 2)
    page = parse(client.get(f"/c/{challenge.slug}/search/", {"q": "gondola"}))
    assert page.one("#results-title").text == "No proposal matches “gondola”."
    assert _hits(page) == []


@pytest.mark.parametrize("rows", [1, 50])
def test_similar_partial_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    _proposals(challenge, resident, rows)
    duplicate = make_proposal(challenge, resident, title="Plant more street trees for shade")
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(
            f"/c/{challenge.slug}/similar/", {"title": "Plant street trees for sha"}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    partial = parse(html).one("section.similar-proposals")
    assert partial.one("#similar-title").text == "Similar proposals already exist"
    items = partial.select("ul > li")
    assert len(items) == min(rows + 1, 5)
    assert items[0].one("a")["href"] == f"/c/{challenge.slug}/p/{duplicate.pk}/"
    assert all(len(item.select("a span.thumb > svg")) == 1 for item in items)


@pytest.mark.parametrize("rows", [1, 50])
def test_similar_partial_with_a_draft_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    _proposals(challenge, resident, rows)
    client.force_login(resident)
    body = {"title": "trees", "design-json": json.dumps(challenge.baseline)}  # as htmx posts it
    with django_assert_num_queries(SEARCH_QUERIES + DRAFT_EXTRA):
        response = client.post(f"/c/{challenge.slug}/similar/", body)
    assert response.status_code == 200
    assert len(parse(response).select("section.similar-proposals ul > li")) == min(rows, 5)


def test_similar_partial_is_empty_without_matches(client, challenge, resident):
    _proposals(challenge, resident, 2)
    for title in ["", "   ", "gondola", "the and of"]:
        response = client.get(f"/c/{challenge.slug}/similar/", {"title": title})
        assert response.status_code == 200 and response.content.strip() == b""


def test_search_pages_of_a_private_challenge_are_404_to_outsiders(
    client, owner, organization, resident
):
    private = make_challenge(
        owner, organization, slug="secret", visibility=Visibility.PRIVATE, actions=OPEN
    )
    proposal = make_proposal(private, owner, title="Secret trees")
    comment_create(actor=owner, proposal=proposal, body="A secret gondola")
    for user in [None, resident]:
        if user:
            client.force_login(user)
        assert client.get("/c/secret/search/", {"q": "trees"}).status_code == 404
        assert client.get("/c/secret/search/", {"q": "gondola"}).status_code == 404
        assert client.get("/c/secret/similar/", {"title": "trees"}).status_code == 404
    client.force_login(owner)
    similar = parse(client.get("/c/secret/similar/", {"title": "trees"}))
    assert [title.text for title in similar.select("span.similar-title")] == ["Secret trees"]
    assert client.get("/c/secret/search/", {"q": "trees"}).status_code == 200
    [hit] = _hits(parse(client.get("/c/secret/search/", {"q": "gondola"})))
    snippet = hit.one("p.snippet.from-comment")
    assert "secret gondola" in snippet.text and snippet.one("mark").text == "gondola"


def test_unknown_challenge_is_404(client, db):
    assert client.get("/c/nowhere/search/", {"q": "x"}).status_code == 404
    assert client.get("/c/nowhere/similar/", {"title": "x"}).status_code == 404
