"""What the comment services tell the rest of the product (see cocreate/core/events.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CommentCreated:
    comment_id: int
