"""The proposal page's tracking panels: `{% proposal_progress proposal %}` (the public record)
and `{% staff_notes proposal %}` (private; drawn only for the organization's people)."""

from __future__ import annotations

from typing import Any

import rules
from django import template
from django.urls import reverse

from cocreate.proposals.models import Proposal
from cocreate.tracking import selectors

register = template.Library()


@register.inclusion_tag("tracking/_progress.html")
def proposal_progress(proposal: Proposal) -> dict[str, Any]:
    return {"proposal": proposal, "record": selectors.progress_record(proposal=proposal)}


@register.inclusion_tag("tracking/_staff_panel.html", takes_context=True)
def staff_notes(context: template.Context, proposal: Proposal) -> dict[str, Any]:
    user = context["request"].user
    panel = selectors.staff_panel(proposal=proposal, user=user)
    if panel is None:
        return {"panel": None}
    args = [proposal.challenge.organization.slug, proposal.challenge.slug, proposal.pk]
    return {
        "panel": panel,
        "proposal": proposal,
        "csrf_token": context.get("csrf_token"),
        "notes_url": reverse("staff-notes", args=args),
        "progress_url": reverse("proposal-progress", args=args)
        if rules.has_perm("tracking.manage_progress", user, proposal)
        else None,
        "form": None,
    }
