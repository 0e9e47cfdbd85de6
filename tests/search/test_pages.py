"""The search page and the similar-proposals partial: status, content, privacy, query counts."""

from __future__ import annotations

import pytest

from cocreate.challenges.models import Visibility

from ..factories import make_challenge, make_proposal

# challenge + its phases, then one search query; the same for 1 and for 50 matching proposals.
SEARCH_QUERIES = 3
# Signed in, the page's header also loads the session, the user and the unread-notification count (a
# public challenge needs no membership check); the similar partial loads only the session.
SIGNED_IN_EXTRA = 3
DRAFT_EXTRA = 1


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
    client.get(f"/c/{challenge.slug}/toolkit/")  # keeps a draft in the session
    session = client.session
    session[f"draft:{challenge.pk}"] = {"design": challenge.baseline, "title": "", "rationale": ""}
    session.save()
    with django_assert_num_queries(SEARCH_QUERIES + DRAFT_EXTRA):
        response = client.get(f"/c/{challenge.slug}/similar/", {"title": "trees"})
    assert response.status_code == 200 and response.content.decode().count("<li>") == min(rows, 5)


def test_similar_partial_is_empty_without_matches(client, challenge, resident):
    _proposals(challenge, resident, 2)
    for title in ["", "   ", "gondola", "the and of"]:
        response = client.get(f"/c/{challenge.slug}/similar/", {"title": title})
        assert response.status_code == 200 and response.content.strip() == b""


def test_search_pages_of_a_private_challenge_are_404_to_outsiders(
    client, owner, organization, resident
):
    private = make_challenge(owner, organization, slug="secret", visibility=Visibility.PRIVATE)
    make_proposal(private, owner, title="Secret trees")
    for user in [None, resident]:
        if user:
            client.force_login(user)
        assert client.get("/c/secret/search/", {"q": "trees"}).status_code == 404
        assert client.get("/c/secret/similar/", {"title": "trees"}).status_code == 404
    client.force_login(owner)
    assert "Secret trees" in client.get("/c/secret/similar/", {"title": "trees"}).content.decode()
    assert client.get("/c/secret/search/", {"q": "trees"}).status_code == 200


def test_unknown_challenge_is_404(client, db):
    assert client.get("/c/nowhere/search/", {"q": "x"}).status_code == 404
    assert client.get("/c/nowhere/similar/", {"title": "x"}).status_code == 404
