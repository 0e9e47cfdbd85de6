"""Comment endpoints and the discussion on the proposal page: forms, errors, privacy, queries."""

from __future__ import annotations

import pytest

from cocreate.challenges.models import Action, Visibility
from cocreate.challenges.selectors import challenge_for_view
from cocreate.community.models import Comment
from cocreate.community.selectors import discussion_context
from cocreate.community.services import comment_create

from ..factories import UserFactory, make_challenge, make_proposal

OPEN = [Action.SUBMIT, Action.COMMENT, Action.SUPPORT]


@pytest.fixture
def proposal(owner, organization, resident):
    challenge = make_challenge(owner, organization, slug="talk", actions=OPEN)
    return make_proposal(challenge, resident)


def _url(proposal, tail="comments/"):
    return f"/c/{proposal.challenge.slug}/p/{proposal.pk}/{tail}"


def test_post_comment_redirects_to_it(client, proposal, other):
    client.force_login(other)
    response = client.post(
        _url(proposal), {"body": "Love the *trees*", "stance": "for", "part": "2"}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/p/{proposal.pk}/#comment-{comment.pk}")
    assert (comment.stance, comment.part_index, comment.author) == ("for", 2, other)


def test_reply_by_form(client, proposal, other, resident):
    first = comment_create(actor=resident, proposal=proposal, body="Why?")
    client.force_login(other)
    client.post(_url(proposal), {"body": "Because", "parent": str(first.pk)})
    assert Comment.objects.get(body="Because").parent == first


def test_refused_comment_rerenders_with_the_typed_text(client, proposal, other):
    client.force_login(other)
    typed = "My long thoughts " + "x" * 5000
    response = client.post(_url(proposal), {"body": typed, "part": "99", "stance": "against"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep the comment under 5,000 characters" in html
    assert typed in html
    assert '<option value="against" selected>' in html
    assert not Comment.objects.exists()


def test_bad_part_rerenders_with_the_message(client, proposal, other):
    client.force_login(other)
    response = client.post(_url(proposal), {"body": "Keep me", "part": "99"})
    assert response.status_code == 400
    assert "Choose one of this design" in response.content.decode()
    assert "Keep me" in response.content.decode()


def test_comment_when_phase_closed_is_refused_with_message(client, owner, organization, other):
    challenge = make_challenge(owner, organization, slug="quiet", actions=[Action.SUBMIT])
    proposal = make_proposal(challenge, owner)
    client.force_login(other)
    response = client.post(_url(proposal), {"body": "Hello"})
    assert response.status_code == 403
    assert "Commenting is not open" in response.content.decode()
    assert "Hello" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client, proposal):
    response = client.post(_url(proposal), {"body": "Hi"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_private_challenge_is_404_to_outsiders(client, owner, organization, other):
    challenge = make_challenge(
        owner, organization, slug="secret", visibility=Visibility.PRIVATE, actions=OPEN
    )
    proposal = make_proposal(challenge, owner)
    comment = comment_create(actor=owner, proposal=proposal, body="Inside")
    client.force_login(other)
    assert client.post(_url(proposal), {"body": "Hi"}).status_code == 404
    assert client.get(_url(proposal, f"comments/{comment.pk}/edit/")).status_code == 404
    assert (
        client.post(_url(proposal, f"comments/{comment.pk}/edit/"), {"body": "x"}).status_code
        == 404
    )


def test_edit_form_and_save(client, proposal, resident):
    comment = comment_create(actor=resident, proposal=proposal, body="Frist")
    client.force_login(resident)
    url = _url(proposal, f"comments/{comment.pk}/edit/")
    response = client.get(url)
    assert response.status_code == 200 and "Frist" in response.content.decode()
    response = client.post(url, {"body": "First"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.body == "First" and comment.edited_at is not None


def test_edit_refused_keeps_the_typed_text(client, proposal, resident, other):
    comment = comment_create(actor=resident, proposal=proposal, body="Mine")
    client.force_login(resident)
    url = _url(proposal, f"comments/{comment.pk}/edit/")
    response = client.post(url, {"body": "bad\x00text typed"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    client.force_login(other)
    response = client.post(url, {"body": "hijack"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Mine"


@pytest.mark.parametrize("rows", [1, 50])
def test_comment_create_in_constant_queries(
    client, proposal, resident, django_assert_num_queries, rows
):
    for _ in range(rows):
        comment_create(actor=resident, proposal=proposal, body="@resident again")
    user = UserFactory()
    client.force_login(user)
    parent = Comment.objects.last()
    with django_assert_num_queries(12):
        response = client.post(
            _url(proposal), {"body": "@resident yes", "parent": str(parent.pk), "part": "1"}
        )
    assert response.status_code == 302


@pytest.mark.parametrize("rows", [1, 50])
def test_comment_edit_in_constant_queries(
    client, proposal, resident, django_assert_num_queries, rows
):
    for _ in range(rows):
        comment = comment_create(actor=resident, proposal=proposal, body="hello")
    client.force_login(resident)
    url = _url(proposal, f"comments/{comment.pk}/edit/")
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(11):
        assert client.post(url, {"body": "@resident hi"}).status_code == 302


@pytest.mark.parametrize("rows", [1, 50])
def test_discussion_context_in_constant_queries(
    proposal, resident, other, django_assert_num_queries, rows
):
    for i in range(rows):
        comment_create(actor=resident, proposal=proposal, body="on a part", part=i % 3)
    challenge = challenge_for_view(slug=proposal.challenge.slug, user=other)  # phases prefetched
    with django_assert_num_queries(1):
        context = discussion_context(proposal=proposal, challenge=challenge, user=other)
    assert len(context["comments"]) == rows
    assert context["can_comment"] is True
    assert context["comment_part_counts"][0]["option"].label.startswith("Part 1: ")


def test_discussion_renders_on_the_proposal_page(client, proposal, resident, other):
    """Needs the include wired into proposals/proposal.html and proposal_detail."""
    comment_create(actor=resident, proposal=proposal, body="Keep the **trees**", part=2)
    comment_create(actor=other, proposal=proposal, body="Agreed", stance="for")
    client.force_login(other)
    html = client.get(f"/c/{proposal.challenge.slug}/p/{proposal.pk}/").content.decode()
    assert "Discussion" in html and "<strong>trees</strong>" in html
    assert "Comments on parts:" in html and "Part 3 (1)" in html
    assert 'for="comment-body">Comment</label>' in html
    assert "Post comment" in html
    assert ">For</span>" in html
