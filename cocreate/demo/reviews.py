"""The demo's reviews: Dominion Road's published scorecard, two reviewers, and their scores on
the most supported proposals, read off each design so the scores agree with the drawings.

Idempotent: the scorecard is written once, assignments and scores only fill what is missing.
Everything goes through the reviews services, as staff and reviewers would.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.challenges.toolkits import toolkit_for
from cocreate.organizations.models import Membership, Role
from cocreate.organizations.services import membership_set
from cocreate.proposals.models import Proposal
from cocreate.reviews.models import Criterion, Score
from cocreate.reviews.services import criterion_add, reviewer_assign, score_set

# (username, email) of the two reviewers; the seed makes the accounts (`people.person`).
REVIEWERS = [
    ("at-reviewer-aroha", "aroha.reviewer@at.example.org"),
    ("at-reviewer-sam", "sam.reviewer@at.example.org"),
]
SAFETY = "Safety for people walking and cycling"
CHARACTER = "Fits the street's character"
# How each reviewer leans: Aroha scores as the design reads, Sam a little harder.
LEANS = (0.0, -0.4)
GREEN = {"sidewalk-tree", "parklet", "outdoor-dining", "sidewalk-bench"}


def seed_reviews(
    challenge: Challenge,
    reviewers: Sequence[User],
    *,
    proposals: int = 20,
    rng: random.Random | None = None,
) -> int:
    """Write `challenge`'s scorecard (once), make `reviewers` reviewers of its organization,
    assign them its `proposals` most supported proposals and score those from their designs.
    How many scores were added."""
    rng = rng or random.Random(4026)
    owner = (
        Membership.objects.filter(organization_id=challenge.organization_id, role=Role.OWNER)
        .select_related("user")
        .earliest("pk")
        .user
    )
    criteria = _scorecard(challenge, owner)
    for person in reviewers:
        membership_set(
            actor=owner, organization=challenge.organization, user=person, role=Role.REVIEWER
        )
    chosen = list(
        Proposal.objects.filter(challenge=challenge)
        .listable()
        .select_related("challenge__organization")
        .order_by("-support_count", "pk")[:proposals]
    )
    if not chosen:
        return 0
    added = 0
    for lean, person in zip(LEANS, reviewers, strict=False):
        reviewer_assign(actor=owner, reviewer=person, proposals=chosen)
        done = set(Score.objects.filter(reviewer=person).values_list("proposal_id", flat=True))
        for proposal in chosen:
            if proposal.pk in done:
                continue
            scores = _judged(proposal.design, proposal.evaluation, lean, rng)
            added += score_set(
                actor=person,
                proposal=proposal,
                scores={criteria[name].pk: score for name, score in scores.items()},
            )
    return added


def _scorecard(challenge: Challenge, owner: User) -> dict[str, Criterion]:
    """The scorecard by name: written the first time, read after."""
    existing = {c.name: c for c in Criterion.objects.filter(challenge=challenge)}
    if existing:
        return existing
    metrics = toolkit_for(challenge).metrics
    lines: list[dict[str, Any]] = [
        {
            "name": "Moves more people",
            "description": "People per hour the street carries, from the design's lanes.",
            "weight": 3,
            "kind": "metric",
            "metric": "capacity",
        }
    ]
    if "cost" in metrics:  # the Dominion Road toolkit declares no cost metric yet
        lines.append(
            {
                "name": "Cost",
                "description": "What it costs to build: the cheaper, the better.",
                "weight": 2,
                "kind": "metric",
                "metric": "cost",
                "higher_is_better": False,
            }
        )
    lines += [
        {
            "name": SAFETY,
            "description": "Room to walk, bike lanes kept apart from traffic, fewer lanes "
            "of cars to cross.",
            "weight": 3,
        },
        {
            "name": CHARACTER,
            "description": "Trees, places to sit and eat: Dominion Road as a village street.",
            "weight": 2,
        },
    ]
    return {line["name"]: criterion_add(actor=owner, challenge=challenge, **line) for line in lines}


@dataclass(frozen=True)
class Street:
    """What a reviewer reads off a street section."""

    bike_lanes: int
    footpath_m: float
    buffered: bool
    car_lanes: int
    parking: int
    green: int
    warnings: int

    @classmethod
    def read(cls, design: dict[str, Any], evaluation: dict[str, Any]) -> Street:
        parts = design.get("parts") or []
        types = [p.get("type", "") for p in parts]
        return cls(
            bike_lanes=types.count("bike-lane"),
            footpath_m=sum(
                p.get("width", 0) for p, t in zip(parts, types, strict=True) if _footpath(t)
            ),
            buffered="divider" in types,
            car_lanes=types.count("drive-lane") + types.count("turn-lane"),
            parking=types.count("parking-lane"),
            green=sum(1 for t in types if t in GREEN),
            warnings=sum(
                1 for f in evaluation.get("findings", []) if f.get("severity") == "warning"
            ),
        )


def _footpath(part_type: str) -> bool:
    return part_type == "sidewalk" or part_type.startswith("sidewalk-")


def _judged(
    design: dict[str, Any], evaluation: dict[str, Any], lean: float, rng: random.Random
) -> dict[str, tuple[int, str]]:
    """A reviewer's two scores and comments on a design, as its parts read to them."""
    street = Street.read(design, evaluation)
    safety = 1.0 + min(street.bike_lanes, 2) * 0.8 + (0.6 if street.buffered else 0)
    safety += 1.0 if street.footpath_m >= 5 else 0.4 if street.footpath_m >= 4 else 0
    safety += 0.8 if street.car_lanes == 0 else 0.3 if street.car_lanes <= 2 else -0.4
    safety -= min(street.warnings, 2) * 0.4
    character = 1.6 + min(street.green, 3) * 0.9 - (0.5 if street.parking >= 2 else 0)
    return {
        SAFETY: (_score(safety, lean, rng), _safety_comment(street)),
        CHARACTER: (_score(character, lean, rng), _character_comment(street)),
    }


def _score(reading: float, lean: float, rng: random.Random) -> int:
    return max(1, min(5, round(reading + lean + rng.gauss(0, 0.4))))


def _safety_comment(street: Street) -> str:
    bikes = {0: "No bike lane", 1: "A bike lane one way only"}.get(
        street.bike_lanes, "Bike lanes both ways"
    )
    buffer = ", kept apart from traffic by a divider" if street.buffered else ""
    cars = {0: "no general traffic lanes"}.get(
        street.car_lanes, f"{street.car_lanes} lanes of cars to cross"
    )
    return f"{bikes}{buffer}; {street.footpath_m:.1f} m of footpath in all; {cars}."


def _character_comment(street: Street) -> str:
    if street.green >= 3:
        return "Trees and places to sit or eat: it reads as a village high street."
    if street.green:
        return "Some greenery and seating; room for more along the footpaths."
    if street.parking >= 2:
        return "Parking on both sides and little else: a road to drive through."
    return "Plain: nothing yet that makes people want to stay."
