"""Comment services: permissions per role and phase, threads, edit window, mentions, anchors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cocreate.challenges.models import Action, Visibility
from cocreate.community.models import Comment
from cocreate.community.selectors import comment_counts_by_part, comments_for
from cocreate.community.services import comment_create, comment_edit

from ..factories import UserFactory, make_challenge, make_proposal

OPEN = [Action.SUBMIT, Action.COMMENT, Action.SUPPORT]


@pytest.fixture
def proposal(owner, organization, resident):
    challenge = make_challenge(owner, organization, slug="talk", actions=OPEN)
    return make_proposal(challenge, resident)


@pytest.mark.parametrize(
    ("who", "actions", "visibility", "allowed"),
    [
        ("resident", OPEN, Visibility.PUBLIC, True),
        ("resident", [Action.SUBMIT], Visibility.PUBLIC, False),
        ("owner", [Action.SUBMIT], Visibility.PUBLIC, True),  # staff may always comment
        ("anonymous", OPEN, Visibility.PUBLIC, False),
        ("resident", OPEN, Visibility.PRIVATE, False),  # not a member
        ("owner", OPEN, Visibility.PRIVATE, True),
    ],
)
def test_who_may_comment(owner, organization, resident, who, actions, visibility, allowed):
    challenge = make_challenge(owner, organization, slug="m", actions=[Action.SUBMIT, *actions])
    proposal = make_proposal(challenge, owner)
    challenge.visibility = visibility
    challenge.save()
    actor = {"resident": resident, "owner": owner, "anonymous": AnonymousUser()}[who]
    if allowed:
        assert comment_create(actor=actor, proposal=proposal, body="Hi").pk
    else:
        with pytest.raises(PermissionDenied):
            comment_create(actor=actor, proposal=proposal, body="Hi")


def test_markdown_is_rendered_and_sanitized_at_write_time(proposal, resident):
    comment = comment_create(
        actor=resident, proposal=proposal, body="**Yes** <script>alert(1)</script>"
    )
    assert "<strong>Yes</strong>" in comment.body_html
    assert "<script" not in comment.body_html


@pytest.mark.parametrize(
    ("body", "field"),
    [("   ", "body"), ("x" * 5001, "body"), ("a\x00b", "body")],
)
def test_bad_bodies_are_refused_naming_the_field(proposal, resident, body, field):
    with pytest.raises(ValidationError) as error:
        comment_create(actor=resident, proposal=proposal, body=body)
    assert field in error.value.message_dict
    assert not Comment.objects.exists()


def test_longest_body_is_accepted(proposal, resident):
    assert comment_create(actor=resident, proposal=proposal, body="x" * 5000).pk


def test_threads_nest_four_levels_then_join_the_deepest_level(proposal, resident):
    parent = None
    made = []
    for _ in range(4):
        parent = comment_create(actor=resident, proposal=proposal, body="more", parent=parent)
        made.append(parent)
    assert [c.depth for c in made] == [1, 2, 3, 4]
    fifth = comment_create(actor=resident, proposal=proposal, body="deeper", parent=made[3])
    assert fifth.depth == 4
    assert fifth.parent == made[2]
    later = comment_create(actor=resident, proposal=proposal, body="top")
    thread = comments_for(proposal=proposal)
    assert [c.pk for c in thread] == [*(c.pk for c in made), fifth.pk, later.pk]


def test_reply_to_another_proposals_comment_is_refused(proposal, resident):
    elsewhere = make_proposal(proposal.challenge, resident, title="Other")
    foreign = comment_create(actor=resident, proposal=elsewhere, body="there")
    with pytest.raises(ValidationError) as error:
        comment_create(actor=resident, proposal=proposal, body="here", parent=foreign)
    assert "parent" in error.value.message_dict


def test_mentions_are_recorded_and_marked(proposal, resident, other):
    comment = comment_create(
        actor=resident, proposal=proposal, body="Ask @other and @nobody, not me@example.org"
    )
    assert list(comment.mentions.all()) == [other]
    assert '<strong class="mention">@other</strong>' in comment.body_html
    assert "@nobody" in comment.body_html and "me@example.org" in comment.body_html


def test_part_anchor_keeps_index_id_and_type(proposal, resident):
    comment = comment_create(actor=resident, proposal=proposal, body="Narrow it", part=2)
    part = proposal.design["parts"][2]
    assert (comment.part_index, comment.part_id, comment.part_type) == (
        2,
        part.get("id", ""),
        part["type"],
    )
    assert comment_counts_by_part(proposal=proposal) == {2: 1}


@pytest.mark.parametrize("part", [-1, 999])
def test_part_outside_the_design_is_refused(proposal, resident, part):
    with pytest.raises(ValidationError) as error:
        comment_create(actor=resident, proposal=proposal, body="x", part=part)
    assert "part" in error.value.message_dict


def test_bad_stance_is_refused(proposal, resident):
    with pytest.raises(ValidationError) as error:
        comment_create(actor=resident, proposal=proposal, body="x", stance="maybe")
    assert "stance" in error.value.message_dict


def test_author_edits_within_the_window(proposal, resident, other):
    comment = comment_create(actor=resident, proposal=proposal, body="first")
    edited = comment_edit(actor=resident, comment=comment, body="second @other")
    assert edited.edited_at is not None
    assert "second" in edited.body_html
    assert list(edited.mentions.all()) == [other]
    with pytest.raises(PermissionDenied):
        comment_edit(actor=other, comment=comment, body="mine now")


def test_edit_window_closes_after_fifteen_minutes(proposal, resident):
    comment = comment_create(actor=resident, proposal=proposal, body="first")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(ValidationError):
        comment_edit(actor=resident, comment=comment, body="late")
    comment.refresh_from_db()
    assert comment.body == "first"


def test_many_people_many_comments(proposal):
    people = [UserFactory() for _ in range(3)]
    for person in people:
        comment_create(actor=person, proposal=proposal, body="hi", stance="for")
    assert len(comments_for(proposal=proposal)) == 3
