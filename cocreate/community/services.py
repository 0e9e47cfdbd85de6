"""Writes on comments: the only places these rows change."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cocreate.accounts.actors import Actor, signed_in
from cocreate.core.events import publish
from cocreate.core.markdown import MENTION, render_with_mentions
from cocreate.core.text import control_character
from cocreate.proposals.models import Proposal

from .events import CommentCreated
from .models import EDIT_WINDOW, MAX_DEPTH, Comment, Stance

MAX_BODY = 5000
EDIT_REFUSED = _lazy("Only its author can edit a comment, and not once moderation has hidden it.")


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Write a comment before posting it.")]})
    if len(body) > MAX_BODY:
        raise ValidationError(
            {
                "body": [
                    _("Keep the comment under %(n)s characters (it has %(have)s).")
                    % {"n": f"{MAX_BODY:,}", "have": f"{len(body):,}"}
                ]
            }
        )
    if refused := control_character(body, _("comment"), lines=True):
        raise ValidationError({"body": [refused]})
    return body


def _render(body: str) -> tuple[str, list[Any]]:
    """The sanitized HTML and the people it mentions: names that exist, written as text (an
    "@name" in code or in a link's address mentions nobody)."""
    names = {m.group(1) for m in MENTION.finditer(body)}
    users = list(get_user_model().objects.filter(username__in=names)) if names else []
    html, marked = render_with_mentions(body, {u.username for u in users})
    return html, [u for u in users if u.username in marked]


def _anchor(proposal: Proposal, part: int | None) -> tuple[int | None, str, str]:
    if part is None:
        return None, "", ""
    parts = proposal.design.get("parts") if isinstance(proposal.design, dict) else None
    if not isinstance(parts, list) or not 0 <= part < len(parts):
        raise ValidationError(
            {"part": [_("Choose one of this design's parts, or none, for the comment.")]}
        )
    entry = parts[part] if isinstance(parts[part], dict) else {}
    return part, str(entry.get("id", ""))[:100], str(entry.get("type", ""))[:100]


@transaction.atomic
def comment_create(
    *,
    actor: Actor,
    proposal: Proposal,
    body: str,
    parent: Comment | None = None,
    stance: str = "",
    part: int | None = None,
) -> Comment:
    """Comment on a proposal, or reply to a comment on it. A reply to a comment at the deepest
    level joins that comment's own level, so threads never nest deeper than MAX_DEPTH."""
    if not rules.has_perm("community.add_comment", actor, proposal):
        raise PermissionDenied(_("Commenting is not open on this proposal."))
    actor = signed_in(actor)  # the rule refused anonymous visitors
    body = _clean_body(body)
    if stance not in ("", *Stance.values):
        raise ValidationError({"stance": [_("Choose for, neutral, against or no stance.")]})
    depth = 1
    if parent is not None:
        if parent.proposal_id != proposal.pk or parent.hidden:
            raise ValidationError({"parent": [_("Reply to a comment shown on this proposal.")]})
        if parent.depth >= MAX_DEPTH:
            parent = parent.parent
        depth = parent.depth + 1 if parent is not None else 1
    part_index, part_id, part_type = _anchor(proposal, part)
    html, mentioned = _render(body)
    comment = Comment.objects.create(
        proposal=proposal,
        author=actor,
        parent=parent,
        depth=depth,
        body=body,
        body_html=html,
        stance=stance,
        part_index=part_index,
        part_id=part_id,
        part_type=part_type,
    )
    if mentioned:
        comment.mentions.set(mentioned)
    publish(CommentCreated(comment.pk))
    return comment


@transaction.atomic
def comment_edit(*, actor: Actor, comment: Comment, body: str) -> Comment:
    """Change one's own comment within EDIT_WINDOW of posting it; the page marks it edited."""
    if not rules.has_perm("community.change_comment", actor, comment):
        raise PermissionDenied(EDIT_REFUSED)
    actor = signed_in(actor)  # the rule refused anonymous visitors
    if timezone.now() - comment.created_at > EDIT_WINDOW:
        raise ValidationError(
            {"body": [_("Comments can be edited for 15 minutes after posting; this one is older.")]}
        )
    body = _clean_body(body)
    html, mentioned = _render(body)
    comment.body, comment.body_html, comment.edited_at = body, html, timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    comment.mentions.set(mentioned)
    return comment
