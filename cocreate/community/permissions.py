"""Who may comment and edit a comment: declared once, phase-aware, registered from
CommunityConfig.ready."""

from __future__ import annotations

import rules

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Action
from cocreate.challenges.permissions import (
    can_see,
    is_challenge_staff,
    on_its_challenge,
    phase_opens,
)
from cocreate.proposals.permissions import is_listable

from .models import Comment

# Object: the challenge (the page asks before it knows which proposal).
rules.add_perm(
    "challenges.comment",
    rules.is_authenticated & can_see & (phase_opens(Action.COMMENT) | is_challenge_staff),
)


challenge_takes_comments = on_its_challenge("challenges.comment")


@rules.predicate
def wrote_comment(user: Actor, comment: Comment) -> bool:
    return comment.author_id == user.pk


@rules.predicate
def comment_shown(user: Actor, comment: Comment) -> bool:
    return not comment.hidden


# Object: the proposal; a proposal moderation hid takes no new comments.
rules.add_perm("community.add_comment", is_listable & challenge_takes_comments)
# Object: the comment; one moderation hid stays as it was reported (the edit window is a rule
# about time, checked by the service).
rules.add_perm("community.change_comment", rules.is_authenticated & wrote_comment & comment_shown)
