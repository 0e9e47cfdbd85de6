"""What the challenge services tell the rest of the product (see cocreate/core/events.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BaselineChanged:
    """The challenge's baseline (the proposed design) changed: what its proposals are compared
    with, so their change summaries are out of date."""

    challenge_id: int
