"""What the proposal services tell the rest of the product (see cocreate/core/events.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProposalCreated:
    proposal_id: int


@dataclass(frozen=True, slots=True)
class SupportAdded:
    support_id: int
