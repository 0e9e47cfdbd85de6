"""{% merge_links proposal %} (every visitor), {% merge_panel proposal %} (staff) and
{% likely_duplicates challenge %} (the review board), for other rooms' pages."""

from __future__ import annotations

from typing import Any

import rules
from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.challenges.models import Challenge
from cocreate.proposals.models import Proposal

from .. import selectors
from ..forms import IntoForm, MergeForm, UnmergeForm

register = template.Library()
PERMISSION = "merges.merge_proposals"


@register.inclusion_tag("merges/_merge_links.html", takes_context=True)
def merge_links(context: Any, proposal: Proposal) -> dict[str, Any]:
    """ "Merged into A" on B's page, "Also includes B" on A's: one query."""
    challenge = proposal.challenge
    return {
        "links": selectors.merge_links(proposal=proposal, user=context.get("user")),
        "proposal_base": context.get("proposal_base")
        or reverse("challenge", args=[challenge.slug]) + "p/",
    }


def _staff_urls(proposal: Proposal) -> dict[str, str]:
    challenge = proposal.challenge
    args = [challenge.organization.slug, challenge.slug, proposal.pk]
    return {
        "merge_url": reverse("proposal-merge", args=args),
        "unmerge_url": reverse("proposal-unmerge", args=args),
    }


@register.inclusion_tag("merges/_merge_panel.html", takes_context=True)
def merge_panel(context: Any, proposal: Proposal, form: Any = None) -> dict[str, Any]:
    """The staff panel: "Merge into" on an open proposal, "Unmerge" on a merged one; nothing
    (and no query but the memoised roles) for anyone else. `form` is a refused form to show
    again with what was typed."""
    if not rules.has_perm(PERMISSION, context.get("user"), proposal.challenge):
        return {"shown": False}
    shown: dict[str, Any] = {
        "shown": True,
        "proposal": proposal,
        "csrf_token": context.get("csrf_token"),
        **_staff_urls(proposal),
    }
    bound = form if form is not None and form.is_bound else None
    if proposal.merged_into_id is not None:
        unmerge = bound if isinstance(bound, UnmergeForm) else None
        answer = (
            unmerge.typed("answer")
            if unmerge
            else _(
                "We merged this proposal by mistake: it is an idea of its own, "
                "and we will answer it on its own."
            )
        )
        return {**shown, **_errors(bound, UnmergeForm), "merged": True, "answer": answer}
    if proposal.status not in selectors.OPEN:
        return {**shown, **_errors(bound, None), "closed": True}
    merge = bound if isinstance(bound, MergeForm) else None
    if merge is not None:
        selected = merge.typed("target")
    else:
        request = context.get("request")
        selected = IntoForm(request.GET if request else {}).fallback("into")
    choices = selectors.merge_choices(
        proposal=proposal, selected=selected if isinstance(selected, int) else None
    )
    answer = merge.typed("answer") if merge is not None else choices.template
    return {**shown, **_errors(bound, MergeForm), "choices": choices, "answer": answer}


def _errors(form: Any, shown: type[MergeForm] | type[UnmergeForm] | None) -> dict[str, Any]:
    """A refused form's messages: beside its fields when the panel shows that form, else all
    above the panel (a merge refused because the proposal was merged meanwhile)."""
    if form is None:
        return {}
    if not isinstance(form, shown or ()):
        return {"above": [str(m) for messages in form.errors.values() for m in messages]}
    return {
        "above": form.above(),
        "target_errors": form.messages("target"),
        "answer_errors": form.messages("answer"),
    }


@register.inclusion_tag("merges/_duplicates.html", takes_context=True)
def likely_duplicates(context: Any, challenge: Challenge, limit: int = 10) -> dict[str, Any]:
    """Groups of likely duplicates with "Merge B into A" links to B's merge form with A chosen;
    one query, for staff only."""
    if not rules.has_perm(PERMISSION, context.get("user"), challenge):
        return {"shown": False}
    merge_base = reverse("proposal-merge", args=[challenge.organization.slug, challenge.slug, 0])
    return {
        "shown": True,
        "groups": selectors.likely_duplicates(challenge=challenge, limit=limit),
        "proposal_base": reverse("challenge", args=[challenge.slug]) + "p/",
        # Reversed once; each link swaps the proposal's number in.
        "merge_prefix": merge_base.removesuffix("0/merge/"),
    }
