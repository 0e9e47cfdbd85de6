"""{% scorecard_public challenge %} for the challenge page and {% staff_scores proposal %} for
the proposal page's staff tools, so those pages need no change of their views."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from cocreate.challenges.models import Challenge, Mode
from cocreate.proposals.models import Proposal

from .. import selectors

register = template.Library()


@register.inclusion_tag("reviews/_scorecard_public.html")
def scorecard_public(challenge: Challenge) -> dict[str, Any]:
    """The published scorecard: criteria and their share of the weight (one query). A contest's
    page shows its criteria in the contest panel, with the jury, so here nothing (no query)."""
    if challenge.mode == Mode.CONTEST:
        return {"lines": []}
    return {"lines": selectors.public_scorecard(challenge=challenge)}


@register.inclusion_tag("reviews/_panel.html", takes_context=True)
def staff_scores(context: Any, proposal: Proposal) -> dict[str, Any]:
    """The reviews panel for the organization's staff (and the score link for a reviewer
    assigned to the proposal); nothing, and no query, for anyone else."""
    request = context.get("request")
    user = request.user if request is not None else AnonymousUser()
    challenge = proposal.challenge
    return {
        "panel": selectors.staff_panel(proposal=proposal, user=user),
        "challenge": challenge,
        "proposal": proposal,
        "csrf_token": context.get("csrf_token"),
    }
