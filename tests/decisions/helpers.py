"""Answering through the service, and rows placed in time, for the decisions tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from cocreate.decisions.services import proposal_status_change
from cocreate.organizations.models import ProposalStatus
from cocreate.proposals.models import Proposal


def status(organization, name: str) -> ProposalStatus:
    return ProposalStatus.objects.get(organization=organization, name=name)


def answer(actor, proposal: Proposal, name: str = "Planned", text: str = "We will build it."):
    proposal.refresh_from_db()
    chosen = status(proposal.challenge.organization, name)
    return proposal_status_change(actor=actor, proposal=proposal, status=chosen, answer=text)


def place(
    proposal: Proposal,
    *,
    requested: datetime | None,
    days: int = 30,
    answered_after: float | None = None,
) -> None:
    """Put a proposal's promise (and first answer, `answered_after` days in) in time."""
    first = requested + timedelta(days=answered_after) if answered_after is not None else None
    Proposal.objects.filter(pk=proposal.pk).update(
        answer_requested_at=requested,
        review_due=requested + timedelta(days=days) if requested else None,
        first_answered_at=first,
    )
