"""What the tracking services tell the rest of the product (see cocreate/core/events.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProgressPosted:
    """A new entry on an accepted proposal's public timeline: its followers and backers hear."""

    entry_id: int
