"""Writes from the review board: answering many proposals at once, all or none."""

from __future__ import annotations

from collections.abc import Sequence

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocreate.accounts.actors import Actor, signed_in
from cocreate.audit.services import audit_record
from cocreate.challenges.models import Challenge
from cocreate.decisions.models import Decision
from cocreate.decisions.services import proposal_status_change
from cocreate.organizations.models import ProposalStatus
from cocreate.proposals.models import Proposal

MAX_SELECTED = 500  # ten pages of the board; more in one answer is a mistake, not a plan


@transaction.atomic
def proposals_status_change(
    *,
    actor: Actor,
    challenge: Challenge,
    proposals: Sequence[Proposal],
    status: ProposalStatus,
    answer: str,
) -> list[Decision]:
    """Answer every one of `proposals` (all of `challenge`) with `status` and the same public
    `answer`, in one transaction: if one is refused, none changes. Each is answered by
    `proposal_status_change`, so each is told, audited and gives its supports back alike."""
    if not rules.has_perm("board.change_statuses", actor, challenge):
        raise PermissionDenied
    actor = signed_in(actor)
    if not proposals:
        raise ValidationError({"proposals": [_("Tick the proposals to change first.")]})
    if len(proposals) > MAX_SELECTED:
        raise ValidationError(
            {"proposals": [_("Change at most %(n)d proposals at once.") % {"n": MAX_SELECTED}]}
        )
    if any(proposal.challenge_id != challenge.pk for proposal in proposals):
        raise ValidationError({"proposals": [_("Choose proposals of this challenge only.")]})
    merged = [proposal.title for proposal in proposals if proposal.merged_into_id is not None]
    if merged:
        raise ValidationError(
            {
                "proposals": [
                    _("Merged into another proposal (unmerge it first): %(titles)s.")
                    % {"titles": ", ".join(f"“{title}”" for title in merged)}
                ]
            }
        )
    decisions = [
        proposal_status_change(actor=actor, proposal=proposal, status=status, answer=answer)
        for proposal in proposals
    ]
    audit_record(
        actor=actor,
        organization=challenge.organization_id,
        action="board.status_change_many",
        target=challenge,
        after={
            "status": status.pk,
            "status_name": status.name,
            "proposals": [proposal.pk for proposal in proposals],
        },
    )
    return decisions
