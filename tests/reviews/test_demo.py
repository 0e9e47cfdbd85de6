"""The demo's reviews: a scorecard, two reviewers, plausible scores, seeded once (the seed
plays the organization, reviews included; seeding them again adds nothing)."""

from __future__ import annotations

from cocreate.demo.people import person
from cocreate.demo.reviews import CHARACTER, REVIEWERS, SAFETY, seed_reviews
from cocreate.demo.seed import seed
from cocreate.organizations.models import Membership, Role
from cocreate.reviews.models import Assignment, Criterion, Score
from cocreate.reviews.selectors import results


def test_the_demo_scores_dominion_road_plausibly_and_once(db):
    dominion = seed(people=8, proposals=24)
    reviewers = [person(u, e) for u, e in REVIEWERS]  # the seed made them
    names = list(Criterion.objects.filter(challenge=dominion).values_list("name", flat=True))
    assert names == ["Moves more people", SAFETY, CHARACTER]
    assert set(Membership.objects.filter(user__in=reviewers).values_list("role", flat=True)) == {
        Role.REVIEWER
    }
    assert Assignment.objects.filter(reviewer__in=reviewers).count() == 40
    assert Score.objects.filter(reviewer__in=reviewers).count() == Score.objects.count() == 80
    assert seed_reviews(dominion, reviewers, proposals=20) == 0  # idempotent
    assert Score.objects.count() == 80
    # Scores follow the designs: a design with bike lanes both ways and no lanes of cars
    # scores at least as well on safety as one with neither, for the same reviewer.
    for score in Score.objects.filter(criterion__name=SAFETY).select_related("proposal"):
        types = [p["type"] for p in score.proposal.design["parts"]]
        if "bike-lane" not in types and types.count("drive-lane") >= 2:
            assert score.value <= 3, score.comment
        assert 1 <= score.value <= 5 and score.comment.endswith(".")
    outcome = results(challenge=dominion)
    assert outcome.scored == 20 and outcome.alpha is not None
