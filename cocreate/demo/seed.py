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
from cocreate.organizations.models import Membership, Organization, Role
from cocreate.organizations.services import organization_create
from cocreate.proposals.models import Proposal, Support
from cocreate.proposals.services import proposal_create, support_add

from . import content
from .bike import bike_draft
from .discussion import discuss
from .drafts import Draft, Drafter
from .organization import run_the_organization
from .people import person
from .street import street_draft

SPREAD = timedelta(days=13)  # the proposals are dated over the last days of the 14-day phase
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
    draft: Drafter  # writes each proposal: its design, and a title and reason that fit it
    remix_share: float  # of its proposals, remixes of an earlier one
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
    draft=street_draft,
    remix_share=0.3,
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
    draft=bike_draft,
    remix_share=0.0,
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
        staff = person(*spec.staff, staff=True)
        discussed = discuss(challenge, residents, random.Random(3026 + seed_number), staff)
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
    """Draft `wanted` proposals, each by the next resident in turn (so everyone has posted a
    few), and submit those not submitted yet: a top-up drafts the same ones again, so its
    titles stay unique and its remixes find their parents' drafts."""
    toolkit = toolkit_for(challenge)
    existing = list(Proposal.objects.filter(challenge=challenge).order_by("pk"))
    authors = residents[:]
    rng.shuffle(authors)
    used: set[str] = set()
    drafts: list[Draft] = []
    made: list[Proposal] = []
    start = timezone.now() - SPREAD
    step = SPREAD / (wanted + 1)
    stage = f"{spec.slug} proposals"
    for number in range(wanted):
        parent = None
        if drafts and rng.random() < spec.remix_share:
            parent = rng.randrange(len(drafts))
        draft = spec.draft(
            toolkit, challenge.baseline, rng, used, drafts[parent] if parent is not None else None
        )
        if draft is None:
            draft = spec.draft(toolkit, challenge.baseline, rng, used, None)
            parent = None
        assert draft is not None, "every idea failed the toolkit's rules"
        drafts.append(draft)
        if number < len(existing):
            made.append(existing[number])
            continue
        with transaction.atomic():
            proposal = proposal_create(
                actor=authors[number % len(authors)],
                challenge=challenge,
                design=draft.design,
                title=draft.title,
                rationale=draft.reason,
                parent=made[parent] if parent is not None else None,
            )
            # Spread the demo over the phase so "newest" means something, in the order they are
            # made (a remix after its parent, even one dated by an earlier, smaller seed).
            created = start + step * (number + rng.uniform(0.2, 0.8))
            if parent is not None:
                created = max(created, made[parent].created_at + timedelta(minutes=5))
            Proposal.objects.filter(pk=proposal.pk).update(created_at=created)
            proposal.created_at = created
        made.append(proposal)
        report(stage, number + 1, wanted)
    if made and not challenge.proposals.filter(support_count__gt=0).exists():
        _support(residents, made, rng, report, f"{spec.slug} supports")


def _support(
    residents: list[Any],
    proposals: list[Proposal],
    rng: random.Random,
    report: Progress,
    stage: str,
) -> None:
    """Popularity follows a long tail: a few proposals gather most supports."""
    now = timezone.now()
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
                # Supported some time after it was proposed, never in the future.
                when = proposal.created_at + (now - proposal.created_at) * rng.random() * 0.95
                Support.objects.filter(proposal=proposal, user=resident).update(created_at=when)
        report(stage, done, len(residents))
