"""The demo organization's people and roles, granted through `membership_set` as an admin
would on the members page, so the audit log shows who was given which role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cocreate.organizations.models import Organization, Role
from cocreate.organizations.services import membership_set

# (username, email, role): an officer who answers proposals and a moderator (the reviewers and
# the contest's jury join through their own demo steps: demo/reviews.py, demo/contests.py).
DEMO_ROLES = (
    ("at-officer", "officer@at.example.org", Role.STAFF),
    ("at-moderator", "moderator@at.example.org", Role.MODERATOR),
)


def demo_roles(
    *, organization: Organization, owner: Any, person: Callable[[str, str], Any]
) -> dict[str, Any]:
    """Give `organization` its demo staff (idempotent: a role already held changes nothing);
    `person(username, email)` finds or makes an account. Returns the accounts by username."""
    people = {}
    for username, email, role in DEMO_ROLES:
        people[username] = person(username, email)
        membership_set(actor=owner, organization=organization, user=people[username], role=role)
    return people
