"""A Dominion Road challenge with a scorecard, people in every role, and another organization."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from cocreate.organizations.models import Role
from cocreate.reviews.models import Criterion
from cocreate.reviews.services import criterion_add, reviewer_assign

from ..factories import UserFactory, make_challenge, make_member, make_organization, make_proposal


@dataclass
class World:
    organization: Any
    challenge: Any
    proposal: Any
    safety: Criterion
    capacity: Criterion
    people: dict[str, Any]
    other_challenge: Any


@pytest.fixture
def world(owner, organization, challenge) -> World:
    people = {
        "owner": owner,
        "staff": make_member(organization, Role.STAFF, username="staffer"),
        "assigned reviewer": make_member(organization, Role.REVIEWER, username="assigned"),
        "unassigned reviewer": make_member(organization, Role.REVIEWER, username="unassigned"),
        "judge": make_member(organization, Role.JUDGE, username="judge"),
        "moderator": make_member(organization, Role.MODERATOR, username="moderator"),
        "resident": UserFactory(username="resident"),
    }
    other_owner = UserFactory(username="elsewhere")
    other_org = make_organization(other_owner, slug="other-council")
    people["other organization"] = other_owner
    other_challenge = make_challenge(other_owner, other_org, slug="queen-street")
    proposal = make_proposal(challenge, people["resident"], title="Trees and bike lanes")
    safety = criterion_add(
        actor=owner, challenge=challenge, name="Safety for people walking and cycling", weight=3
    )
    capacity = criterion_add(
        actor=owner,
        challenge=challenge,
        name="Moves more people",
        kind="metric",
        metric="capacity",
        weight=2,
    )
    reviewer_assign(actor=owner, reviewer=people["assigned reviewer"], proposals=[proposal])
    return World(organization, challenge, proposal, safety, capacity, people, other_challenge)
