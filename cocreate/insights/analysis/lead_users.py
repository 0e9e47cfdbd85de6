"""Stub: the "leads" helper writes this module."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Proposal:
    """What lead-user ranking reads of one proposal."""

    id: str
    author: str
    created_at: datetime
    parent: str | None
    design: dict[str, Any]
    supporters: tuple[str, ...] = field(default_factory=tuple)


def rank_lead_users(proposals: Sequence[Proposal]) -> list[dict[str, Any]]:
    raise NotImplementedError
