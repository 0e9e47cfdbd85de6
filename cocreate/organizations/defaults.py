"""The statuses every organization starts with; it may rename, recolour, add and remove them."""

from __future__ import annotations

from typing import Final

# (name, colour, stage, closes, template)
DEFAULT_STATUSES: Final = (
    (
        "Under review",
        "blue",
        "review",
        False,
        "Thank you. Our team is reviewing this proposal and will answer by the date shown.",
    ),
    (
        "Planned",
        "teal",
        "accepted",
        False,
        "We will build this. What happens next:\n\n- \n\nWe will post progress here.",
    ),
    (
        "In progress",
        "purple",
        "accepted",
        False,
        "Work has started. We will post progress here as it happens.",
    ),
    ("Built", "green", "built", True, "This is built. Thank you for the idea."),
    (
        "Declined",
        "red",
        "declined",
        True,
        "Thank you for this proposal. We are not taking it forward because:\n\n- ",
    ),
    (
        "Merged",
        "grey",
        "merged",
        True,
        "This proposal says what another one says, so we answer them together there.",
    ),
)
