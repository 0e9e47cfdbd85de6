"""The demo: Auckland Transport's Dominion Road challenge (a street section) and the Grey Lynn
Bike Co-op's cargo bike (a configurator), 40 people, remixes, supports, comments and pledges.

Idempotent: running it again (at the same size) tops up what is missing and changes nothing
that exists. Everything goes through the same services the pages use.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cocreate.challenges.models import Action, Challenge
from cocreate.challenges.services import challenge_create, phase_add
from cocreate.challenges.toolkits import toolkit_for
from cocreate.organizations.models import Membership, Organization, Role
from cocreate.organizations.services import organization_create
from cocreate.proposals.models import Proposal, Support
from cocreate.proposals.services import proposal_create, support_add

from . import content
from .bike import bike_draft
from .camps import plan_crowd
from .discussion import discuss
from .drafts import Planner, Turn, planned
from .insights import compute_demo_insights
from .organization import run_the_organization
from .people import person

SPREAD = timedelta(days=13)  # the proposals are dated over the last days of the 14-day phase
BATCH = 50  # proposals submitted per transaction
SUPPORT_BUDGET = 10  # supports per person per challenge, as UserVoice gives by default
# LEGO Ideas' ladder scaled to a 40-person demo: 5 supporters in 30 days, then 15 within 120.
SUPPORT_LADDER = [{"supporters": 5, "days": 30}, {"supporters": 15, "days": 120}]
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DemoChallenge:
    """One organization's challenge in the demo, and how its residents remix."""

    organization: str
    organization_slug: str
    staff: tuple[str, str]  # username, email
    slug: str
    title: str
    summary: str
    brief: str
    toolkit_id: str
    plan: Planner  # its proposals in order: designs with titles and reasons that fit them
    share: float  # of the proposals asked for


DOMINION_ROAD = DemoChallenge(
    organization="Auckland Transport",
    organization_slug="auckland-transport",
    staff=("at-staff", "staff@at.example.org"),
    slug="dominion-road",
    title="Dominion Road light rail: design the street",
    summary=content.SUMMARY,
    brief=content.BRIEF,
    toolkit_id="dominion-road",
    plan=plan_crowd,
    share=1.0,
)
CARGO_BIKE = DemoChallenge(
    organization="Grey Lynn Bike Co-op",
    organization_slug="grey-lynn-bike-coop",
    staff=("coop-staff", "staff@bikecoop.example.org"),
    slug="cargo-bike",
    title="Our next shared cargo bike",
    summary=content.CARGO_SUMMARY,
    brief=content.CARGO_BRIEF,
    toolkit_id="cargo-bike",
    plan=planned(bike_draft, remix_share=0.0),
    share=0.1,
)


def _challenge(spec: DemoChallenge) -> Challenge:
    owner = person(*spec.staff, staff=True)
    organization = Organization.objects.filter(slug=spec.organization_slug).first()
    if organization is None:
        organization = organization_create(
            actor=owner, name=spec.organization, slug=spec.organization_slug
        )
    Membership.objects.get_or_create(
        organization=organization, user=owner, defaults={"role": Role.OWNER}
    )
    challenge = Challenge.objects.filter(slug=spec.slug).first()
    if challenge is not None:
        return challenge
    challenge = challenge_create(
        actor=owner,
        organization=organization,
        slug=spec.slug,
        title=spec.title,
        summary=spec.summary,
        brief=spec.brief,
        toolkit_id=spec.toolkit_id,
        support_budget=SUPPORT_BUDGET,
        support_ladder=SUPPORT_LADDER,
    )
    now = timezone.now()
    # Published when its first phase opened, a day after it was drafted.
    opened = now - timedelta(days=14)
    Challenge.objects.filter(pk=challenge.pk).update(
        created_at=opened - timedelta(days=1), published_at=opened
    )
    phase_add(
        actor=owner,
        challenge=challenge,
        name="Ideas and support",
        starts_at=opened,
        ends_at=now + timedelta(days=76),
        actions=[Action.SUBMIT, Action.REMIX, Action.COMMENT, Action.SUPPORT, Action.COMPARE],
    )
    phase_add(
        actor=owner,
        challenge=challenge,
        name="Review",
        starts_at=now + timedelta(days=76),
        ends_at=now + timedelta(days=120),
        actions=[Action.REVIEW],
    )
    return challenge


def seed(*, people: int = 40, proposals: int = 1000, progress: Progress | None = None) -> Challenge:
    """Seed (or top up) the demo; `progress(stage, done, total)` reports as it goes. Returns the
    Dominion Road challenge, the demo's front door."""
    report = progress or (lambda stage, done, total: None)
    residents = [
        person(f"resident{n:02d}", f"resident{n:02d}@example.org") for n in range(1, people + 1)
    ]
    report("people", len(residents), people)
    first = None
    challenges = []
    for seed_number, spec in enumerate((DOMINION_ROAD, CARGO_BIKE)):
        challenge = _challenge(spec)
        challenges.append(challenge)
        wanted = round(proposals * spec.share)
        _proposals(spec, challenge, residents, wanted, random.Random(2026 + seed_number), report)
        staff = person(*spec.staff, staff=True)
        discussed = discuss(challenge, residents, random.Random(3026 + seed_number), staff)
        report(f"{spec.slug} discussion", discussed, discussed)
        first = first or challenge
    assert first is not None
    owner = person(*DOMINION_ROAD.staff, staff=True)
    run_the_organization(first, owner=owner, residents=residents, person=person, report=report)
    computed = compute_demo_insights(challenges, public=first)
    report("insights", computed, computed)
    return first


def _proposals(
    spec: DemoChallenge,
    challenge: Challenge,
    residents: list[Any],
    wanted: int,
    rng: random.Random,
    report: Progress,
) -> None:
    """Submit the challenge's planned turns not submitted yet: a top-up plans the same ones
    again, so its titles stay unique and its remixes find their parents; proposals of another
    plan (another size, an earlier demo) are left as they are. A batch of proposals a
    transaction (a commit each is most of the time on SQLite)."""
    turns = spec.plan(toolkit_for(challenge), challenge.baseline, wanted, len(residents), rng)
    made = list(Proposal.objects.filter(challenge=challenge).order_by("pk")[:wanted])
    if any(proposal.title != turn.draft.title for proposal, turn in zip(made, turns, strict=False)):
        return
    start = timezone.now() - SPREAD
    stage = f"{spec.slug} proposals"
    for batch in range(len(made), wanted, BATCH):
        with transaction.atomic():
            for number in range(batch, min(batch + BATCH, wanted)):
                made.append(_submit(turns[number], challenge, residents, made, start))
                report(stage, number + 1, wanted)
    if made and not challenge.proposals.filter(support_count__gt=0).exists():
        pulls = [turn.pull for turn in turns[: len(made)]]
        _support(residents, made, pulls, rng, report, f"{spec.slug} supports")


def _submit(
    turn: Turn,
    challenge: Challenge,
    residents: list[Any],
    made: list[Proposal],
    start: datetime,
) -> Proposal:
    """Submit `turn` through the service and date it in its place in the spread (a remix after
    its parent, even one dated by an earlier, smaller seed)."""
    parent = made[turn.parent] if turn.parent is not None else None
    proposal = proposal_create(
        actor=residents[turn.author],
        challenge=challenge,
        design=turn.draft.design,
        title=turn.draft.title,
        rationale=turn.draft.reason,
        parent=parent,
    )
    created = start + SPREAD * turn.at
    if parent is not None:
        created = max(created, parent.created_at + timedelta(minutes=5))
    Proposal.objects.filter(pk=proposal.pk).update(created_at=created)
    proposal.created_at = created
    return proposal


def _support(
    residents: list[Any],
    proposals: list[Proposal],
    pulls: list[float],
    rng: random.Random,
    report: Progress,
    stage: str,
) -> None:
    """Popularity follows a long tail: a few proposals gather most supports, the more so the
    more their turn pulls (a camp's, a lead user's)."""
    now = timezone.now()
    order = list(range(len(proposals)))
    rng.shuffle(order)
    shuffled = [proposals[n] for n in order]
    weights = [pulls[n] / (rank + 1) ** 0.8 for rank, n in enumerate(order)]
    for done, resident in enumerate(residents, start=1):
        k = rng.randint(2, SUPPORT_BUDGET)
        picks = {p.pk: p for p in rng.choices(shuffled, weights=weights, k=k)}
        with transaction.atomic():  # a person's supports in one commit
            for proposal in picks.values():
                if proposal.author_id == resident.pk:
                    continue
                try:
                    support_add(actor=resident, proposal=proposal)
                except ValidationError:
                    continue  # it reached the top of the ladder and went to review
                # Supported some time after it was proposed, never in the future.
                when = proposal.created_at + (now - proposal.created_at) * rng.random() * 0.95
                Support.objects.filter(proposal=proposal, user=resident).update(created_at=when)
        report(stage, done, len(residents))
