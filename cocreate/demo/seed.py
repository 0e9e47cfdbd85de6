"""The Dominion Road demo: Auckland Transport, its challenge, 40 people, remixes and supports.

Idempotent: running it again tops up what is missing and changes nothing that exists.
Everything goes through the same services the pages use.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cocreate.challenges.models import Action, Challenge
from cocreate.challenges.services import challenge_create, phase_add
from cocreate.challenges.toolkits import toolkit_for
from cocreate.organizations.models import Membership, Organization, Role
from cocreate.organizations.services import organization_create
from cocreate.proposals.models import Proposal
from cocreate.proposals.services import proposal_create, support_add

from .content import BRIEF, RATIONALES, SUMMARY, TITLES
from .mutations import valid_remix

PASSWORD = "cocreate-demo"  # noqa: S105 (the demo password is printed to the user on purpose)
SLUG = "dominion-road"
Progress = Callable[[str, int, int], None]


def _person(username: str, email: str, *, staff: bool = False) -> Any:
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username, email=email, password=PASSWORD, is_staff=staff, is_superuser=staff
        )
        _verified_email(user)
    return user


def _verified_email(user: Any) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _organization(owner: Any) -> Organization:
    organization = Organization.objects.filter(slug="auckland-transport").first()
    if organization is None:
        organization = organization_create(
            actor=owner, name="Auckland Transport", slug="auckland-transport"
        )
    return organization


def _challenge(owner: Any, organization: Organization) -> Challenge:
    challenge = Challenge.objects.filter(slug=SLUG).first()
    if challenge is not None:
        return challenge
    challenge = challenge_create(
        actor=owner,
        organization=organization,
        slug=SLUG,
        title="Dominion Road light rail: design the street",
        summary=SUMMARY,
        brief=BRIEF,
        toolkit_id="dominion-road",
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
    """Seed (or top up) the demo; `progress(stage, done, total)` reports as it goes."""
    report = progress or (lambda stage, done, total: None)
    rng = random.Random(2026)
    owner = _person("at-staff", "staff@at.example.org", staff=True)
    organization = _organization(owner)
    Membership.objects.get_or_create(
        organization=organization, user=owner, defaults={"role": Role.OWNER}
    )
    challenge = _challenge(owner, organization)
    residents = [
        _person(f"resident{n:02d}", f"resident{n:02d}@example.org") for n in range(1, people + 1)
    ]
    report("people", len(residents), people)

    toolkit = toolkit_for(challenge)
    existing = list(Proposal.objects.filter(challenge=challenge).order_by("pk"))
    for _ in range(len(existing)):  # keep the random stream identical on top-ups
        rng.random()
    now = timezone.now()
    for number in range(len(existing), proposals):
        parent = rng.choice(existing) if existing and rng.random() < 0.3 else None
        start = parent.design if parent else challenge.baseline
        with transaction.atomic():
            proposal = proposal_create(
                actor=rng.choice(residents),
                challenge=challenge,
                design=valid_remix(toolkit, start, rng),
                title=rng.choice(TITLES),
                rationale=rng.choice(RATIONALES),
                parent=parent,
            )
            # Spread the demo over the phase so "newest" means something.
            created = now - timedelta(minutes=(proposals - number) * 47)
            Proposal.objects.filter(pk=proposal.pk).update(created_at=created)
        existing.append(proposal)
        report("proposals", number + 1, proposals)

    if existing and not challenge.proposals.filter(support_count__gt=0).exists():
        _support(challenge, residents, existing, rng, report)
    return challenge


def _support(
    challenge: Challenge,
    residents: list[Any],
    proposals: list[Proposal],
    rng: random.Random,
    report: Progress,
) -> None:
    """Popularity follows a long tail: a few proposals gather most supports."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(proposals))]
    shuffled = proposals[:]
    rng.shuffle(shuffled)
    for done, person in enumerate(residents, start=1):
        picks = {p.pk: p for p in rng.choices(shuffled, weights=weights, k=rng.randint(2, 20))}
        for proposal in picks.values():
            if proposal.author_id != person.pk:
                support_add(actor=person, proposal=proposal)
        report("supports", done, len(residents))
