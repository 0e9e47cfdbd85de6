"""A contest-mode challenge ("Best bus stop") with a scorecard, and helpers to seat a jury,
open rounds, score and vote through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.challenges.models import Action, Challenge, Mode
from cocreate.challenges.services import challenge_create, phase_add
from cocreate.contests.models import Round
from cocreate.contests.services import juror_invite, round_add, scores_lock, scores_set
from cocreate.organizations.models import Organization
from cocreate.proposals.models import Proposal
from cocreate.reviews.models import Criterion, CriterionKind

from ..factories import UserFactory, make_proposal


def make_contest(owner: User, organization: Organization, slug: str = "best-bus-stop") -> Challenge:
    challenge = challenge_create(
        actor=owner,
        organization=organization,
        slug=slug,
        title="Best bus stop",
        toolkit_id="dominion-road",
        mode=Mode.CONTEST,
    )
    now = timezone.now()
    phase_add(
        actor=owner,
        challenge=challenge,
        name="Entries",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=30),
        actions=[Action.SUBMIT, Action.SUPPORT],
    )
    return challenge


def make_criteria(challenge: Challenge) -> list[Criterion]:
    """Safety ×3 and Comfort ×1 scored by the jury, Capacity ×1 fed by the metric. (Rows made
    directly: the scorecard's services belong to the reviews pages.)"""
    return [
        Criterion.objects.create(challenge=challenge, name="Safety", weight=3, position=0),
        Criterion.objects.create(challenge=challenge, name="Comfort", weight=1, position=1),
        Criterion.objects.create(
            challenge=challenge,
            name="Capacity",
            weight=1,
            kind=CriterionKind.METRIC,
            metric="capacity",
            position=2,
        ),
    ]


def seat(owner: User, challenge: Challenge, n: int) -> list[User]:
    judges = [UserFactory() for _ in range(n)]
    for judge in judges:
        juror_invite(actor=owner, challenge=challenge, who=judge.username)
    return judges


def open_round(owner: User, challenge: Challenge, name: str = "Jury round", **kw: object) -> Round:
    now = timezone.now()
    return round_add(
        actor=owner,
        challenge=challenge,
        name=name,
        opens=now - timedelta(hours=1),
        closes=now + timedelta(days=7),
        **kw,  # type: ignore[arg-type]
    )


def score(
    judge: User, round_: Round, proposal: Proposal, criteria: list[Criterion], *values: int
) -> None:
    scored = [c for c in criteria if c.kind == CriterionKind.SCORED]
    scores_set(
        actor=judge,
        round_=round_,
        proposal=proposal,
        scores={c.pk: (v, "") for c, v in zip(scored, values, strict=True)},
    )


def score_and_lock(
    judge: User, round_: Round, proposals: list[Proposal], criteria: list[Criterion]
) -> None:
    for proposal in proposals:
        score(judge, round_, proposal, criteria, 4, 3)
    scores_lock(actor=judge, round_=round_)


@pytest.fixture
def contest(owner: User, organization: Organization) -> Challenge:
    return make_contest(owner, organization)


@pytest.fixture
def criteria(contest: Challenge) -> list[Criterion]:
    return make_criteria(contest)


@pytest.fixture
def author(db: None) -> User:
    return UserFactory(username="stopdesigner")


@pytest.fixture
def entries(contest: Challenge, author: User) -> list[Proposal]:
    return [
        make_proposal(contest, author, title=t) for t in ("Shelter P", "Shelter Q", "Shelter R")
    ]
