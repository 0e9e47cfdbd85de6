"""Content that moderation hid, or that an unlisted challenge keeps to those with its link,
leaves no trace: not in a refusal page, not in an answer that differs from a missing id's, not
in a follower's news, and it takes no backing (findings 3, 4 and 9)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from cocreate.challenges.models import Action
from cocreate.community.services import comment_create, comment_edit
from cocreate.moderation.services import moderation_decide

from ..factories import make_challenge, make_proposal

OPEN = [Action.SUBMIT, Action.REMIX, Action.SUPPORT, Action.COMMENT]
SECRET = "Quokkasecret"


@pytest.fixture
def public(owner, organization):
    return make_challenge(owner, organization, slug="open-street", actions=OPEN)


# --- finding 3: a hidden comment's words -------------------------------------------------------


@pytest.fixture
def hidden_comment(public, owner, resident):
    proposal = make_proposal(public, owner, title="Shade trees")
    comment = comment_create(actor=resident, proposal=proposal, body=f"{SECRET} insult")
    moderation_decide(actor=owner, comment=comment, decision="hide")
    return comment


def _edit_url(comment) -> str:
    proposal = comment.proposal
    return f"/c/{proposal.challenge.slug}/p/{proposal.pk}/comments/{comment.pk}/edit/"


@pytest.mark.parametrize("who", ["other", "resident", "owner"])
def test_the_edit_page_of_a_hidden_comment_shows_none_of_its_words(hidden_comment, who, request):
    """Nobody edits a comment moderation hid, and the refusal shows nothing of it; not to
    another person, nor to its author, nor to staff."""
    client = Client()
    client.force_login(request.getfixturevalue(who))
    response = client.get(_edit_url(hidden_comment))
    assert response.status_code == 403
    assert SECRET not in response.content.decode()
    response = client.post(_edit_url(hidden_comment), {"body": "Nicer words"})
    assert response.status_code == 403
    hidden_comment.refresh_from_db()
    assert hidden_comment.body == f"{SECRET} insult"


def test_the_edit_page_of_someone_elses_comment_shows_none_of_its_words(public, owner, other):
    proposal = make_proposal(public, owner, title="Shade trees")
    comment = comment_create(actor=owner, proposal=proposal, body=f"{SECRET} shown")
    client = Client()
    client.force_login(other)
    response = client.get(_edit_url(comment))
    assert response.status_code == 403
    assert SECRET not in response.content.decode()


def test_a_hidden_comment_takes_no_edit_and_no_reply(hidden_comment, resident, other):
    with pytest.raises(PermissionDenied):
        comment_edit(actor=resident, comment=hidden_comment, body="Nicer words")
    with pytest.raises(ValidationError) as error:
        comment_create(
            actor=other, proposal=hidden_comment.proposal, body="Hm", parent=hidden_comment
        )
    assert "parent" in error.value.message_dict
