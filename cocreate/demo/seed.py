"""The demo: Auckland Transport's Dominion Road challenge (a street section) and the Grey Lynn
Bike Co-op's cargo bike (a configurator), 40 people, remixes, supports, comments and pledges.

Idempotent: running it again tops up what is missing and changes nothing that exists.
Everything goes through the same services the pages use.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cocreate.challenges.models import Action, Challenge
from cocreate.challenges.services import challenge_create, phase_add
from cocreate.challenges.toolkits import toolkit_for
from cocreate.design import Toolkit
from cocreate.organizations.models import Membership, Organization, Role
from cocreate.organizations.services import organization_create
from cocreate.proposals.models import Proposal
from cocreate.proposals.services import proposal_create, support_add

from . import content
from .discussion import discuss
from .mutations import configurator_remix, valid_remix
from .organization import run_the_organization
from .people import person

SUPPORT_BUDGET = 10  # supports per person per challenge, as UserVoice gives by default
# LEGO Ideas' ladder scaled to a 40-person demo: 5 supporters in 30 days, then 15 within 120.
SUPPORT_LADDER = [{"supporters": 5, "days": 30}, {"supporters": 15, "days": 120}]
Progress = Callable[[str, int, int], None]
Remix = Callable[[Toolkit, dict[str, Any], random.Random], dict[str, Any]]


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
    titles: list[str]
    rationales: list[str]
    remix: Remix
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
    titles=content.TITLES,
    rationales=content.RATIONALES,
    remix=valid_remix,
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
    titles=content.CARGO_TITLES,
    rationales=content.CARGO_RATIONALES,
    remix=configurator_remix,
    share=0.2,
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
    phase_add(
        actor=owner,
        challenge=challenge,
        name="Ideas and support",
        starts_at=now - timedelta(days=14),
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


def seed(*, people: int = 40, proposals: int = 300, progress: Progress | None = None) -> Challenge:
    """Seed (or top up) the demo; `progress(stage, done, total)` reports as it goes. Returns the
    Dominion Road challenge, the demo's front door."""
    report = progress or (lambda stage, done, total: None)
    residents = [
        person(f"resident{n:02d}", f"resident{n:02d}@example.org") for n in range(1, people + 1)
    ]
    report("people", len(residents), people)
    first = None
    for seed_number, spec in enumerate((DOMINION_ROAD, CARGO_BIKE)):
        challenge = _challenge(spec)
        wanted = round(proposals * spec.share)
        _proposals(spec, challenge, residents, wanted, random.Random(2026 + seed_number), report)
        discussed = discuss(challenge, residents, random.Random(3026 + seed_number))
        report(f"{spec.slug} discussion", discussed, discussed)
        first = first or challenge
    assert first is not None
    owner = person(*DOMINION_ROAD.staff, staff=True)
    run_the_organization(first, owner=owner, residents=residents, person=person, report=report)
    return first


def _proposals(
    spec: DemoChallenge,
    challenge: Challenge,
    residents: list[Any],
    wanted: int,
    rng: random.Random,
    report: Progress,
) -> None:
    toolkit = toolkit_for(challenge)
    existing = list(Proposal.objects.filter(challenge=challenge).order_by("pk"))
    for _ in range(len(existing)):  # keep the random stream identical on top-ups
        rng.random()
    now = timezone.now()
    stage = f"{spec.slug} proposals"
    for number in range(len(existing), wanted):
        parent = rng.choice(existing) if existing and rng.random() < 0.3 else None
        start = parent.design if parent else challenge.baseline
        with transaction.atomic():
            proposal = proposal_create(
                actor=rng.choice(residents),
                challenge=challenge,
                design=spec.remix(toolkit, start, rng),
                title=rng.choice(spec.titles),
                rationale=rng.choice(spec.rationales),
                parent=parent,
            )
            # Spread the demo over the phase so "newest" means something.
            created = now - timedelta(minutes=(wanted - number) * 47)
            Proposal.objects.filter(pk=proposal.pk).update(created_at=created)
        existing.append(proposal)
        report(stage, number + 1, wanted)
    if existing and not challenge.proposals.filter(support_count__gt=0).exists():
        _support(residents, existing, rng, report, f"{spec.slug} supports")


def _support(
    residents: list[Any],
    proposals: list[Proposal],
    rng: random.Random,
    report: Progress,
    stage: str,
) -> None:
    """Popularity follows a long tail: a few proposals gather most supports."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(proposals))]
    shuffled = proposals[:]
    rng.shuffle(shuffled)
    for done, resident in enumerate(residents, start=1):
        k = rng.randint(2, SUPPORT_BUDGET)
        picks = {p.pk: p for p in rng.choices(shuffled, weights=weights, k=k)}
        for proposal in picks.values():
            if proposal.author_id != resident.pk:
                try:
                    support_add(actor=resident, proposal=proposal)
                except ValidationError:
                    continue  # it reached the top of the ladder and went to review
        report(stage, done, len(residents))
