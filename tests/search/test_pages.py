"""The search page and the similar-proposals partial: status, content, privacy, query counts."""

from __future__ import annotations

import json

import pytest

from cocreate.challenges.models import Visibility
from cocreate.community.services import comment_create

from ..factories import make_challenge, make_proposal
from .conftest import OPEN

# challenge + its phases, then one search query; the same for 1 and for 50 matching proposals,
# whether they match by their own text or by their comments.
SEARCH_QUERIES = 3
# Signed in, the page's header also loads the session, the user and the unread-notification count (a
# public challenge needs no membership check); the similar partial loads only the session.
SIGNED_IN_EXTRA = 3
DRAFT_EXTRA = 0  # the toolkit form posts the design on the page: no draft is read


def _proposals(challenge, author, n):
    return [make_proposal(challenge, author, title=f"Street trees idea {i}") for i in range(n)]


@pytest.mark.parametrize("rows", [1, 50])
def test_search_page_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    _proposals(challenge, resident, rows)
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(f"/c/{challenge.slug}/search/", {"q": "trees"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="search-hit"') == min(rows, 20)
    assert "<mark>trees</mark>" in html and ">Search</label>" in html and ">Search</button>" in html
    assert ('rel="next"' in html) == (rows > 20)


@pytest.mark.parametrize("rows", [1, 50])
def test_search_page_with_comment_matches_in_constant_queries(
    client, challenge, resident, other, django_assert_num_queries, rows
):
    for proposal in _proposals(challenge, resident, rows):
        comment_create(actor=other, proposal=proposal, body="A gondola would be faster.")
        comment_create(actor=other, proposal=proposal, body="Gondola, gondola!")
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(f"/c/{challenge.slug}/search/", {"q": "gondola"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="snippet from-comment"') == min(rows, 20)


def test_search_page_shows_the_matching_comment_and_links_to_it(client, challenge, resident, other):
    proposal = make_proposal(challenge, resident, title="Wider platforms")
    comment = comment_create(
        actor=other, proposal=proposal, body="What about a <i>funicular</i> up the hill?"
    )
    html = client.get(f"/c/{challenge.slug}/search/", {"q": "funicular"}).content.decode()
    link = f'href="/c/{challenge.slug}/p/{proposal.pk}/#comment-{comment.pk}"'
    assert f"<a {link}>In a comment by other</a>:" in html
    assert "<mark>funicular</mark>" in html and "<i>" not in html
    assert f'<a href="/c/{challenge.slug}/p/{proposal.pk}/">Wider platforms</a>' in html


@pytest.mark.parametrize("rows", [1, 50])
def test_search_page_signed_in_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    _proposals(challenge, resident, rows)
    client.force_login(resident)
    with django_assert_num_queries(SEARCH_QUERIES + SIGNED_IN_EXTRA):
        response = client.get(f"/c/{challenge.slug}/search/", {"q": "trees"})
    assert response.status_code == 200


def test_search_page_without_query_shows_the_form_only(
    client, challenge, resident, django_assert_num_queries
):
    _proposals(challenge, resident, 3)
    with django_assert_num_queries(2):
        response = client.get(f"/c/{challenge.slug}/search/")
    html = response.content.decode()
    assert response.status_code == 200 and 'name="q"' in html and "search-hit" not in html


def test_search_page_pages_and_escapes(client, challenge, resident):
    _proposals(challenge, resident, 25)
    make_proposal(challenge, resident, title="Shade <script>alert(1)</script> & sun > rain")
    html = client.get(f"/c/{challenge.slug}/search/", {"q": "trees", "page": "2"}).content.decode()
    assert html.count('class="search-hit"') == 5 and 'rel="prev"' in html
    html = client.get(f"/c/{challenge.slug}/search/", {"q": "sun rain"}).content.decode()
    assert "<mark>sun</mark> &gt; <mark>rain</mark>" in html and "&amp;" in html
    assert "<script>" not in html


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
    html = client.get(f"/c/{challenge.slug}/search/", {"q": "gondola"}).content.decode()
    assert "No proposal matches “gondola”." in html


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
    assert "<html" not in html and "Similar proposals already exist" in html
    assert html.count("<li>") == min(rows + 1, 5)
    first = html.index(f'href="/c/{challenge.slug}/p/')
    assert html[first:].startswith(f'href="/c/{challenge.slug}/p/{duplicate.pk}/"')
    assert "<svg" in html


@pytest.mark.parametrize("rows", [1, 50])
def test_similar_partial_with_a_draft_in_constant_queries(
    client, challenge, resident, django_assert_num_queries, rows
):
    _proposals(challenge, resident, rows)
    client.force_login(resident)
    body = {"title": "trees", "design-json": json.dumps(challenge.baseline)}  # as htmx posts it
    with django_assert_num_queries(SEARCH_QUERIES + DRAFT_EXTRA):
        response = client.post(f"/c/{challenge.slug}/similar/", body)
    assert response.status_code == 200 and response.content.decode().count("<li>") == min(rows, 5)


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
    assert "Secret trees" in client.get("/c/secret/similar/", {"title": "trees"}).content.decode()
    assert client.get("/c/secret/search/", {"q": "trees"}).status_code == 200
    assert "secret <mark>gondola</mark>" in (
        client.get("/c/secret/search/", {"q": "gondola"}).content.decode()
    )


def test_unknown_challenge_is_404(client, db):
    assert client.get("/c/nowhere/search/", {"q": "x"}).status_code == 404
    assert client.get("/c/nowhere/similar/", {"title": "x"}).status_code == 404
