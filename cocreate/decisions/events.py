"""What the decision services tell the rest of the product (see cocreate/core/events.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProposalAnswered:
    decision_id: int
