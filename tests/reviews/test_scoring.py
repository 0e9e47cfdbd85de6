"""The scorecard's arithmetic, pure: known values, edge cases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cocreate.reviews.scoring import (
    Spread,
    agreement,
    challenge_alpha,
    krippendorff_alpha,
    metric_values,
    normalise,
    spread,
    tally,
    weighted_total,
)


def test_normalise_places_the_best_at_5_and_the_worst_at_1():
    assert normalise({1: 10, 2: 20, 3: 15}) == {1: 1.0, 2: 5.0, 3: 3.0}


def test_normalise_less_is_better_turns_the_scale_round():
    assert normalise({1: 10, 2: 20, 3: 15}, higher_is_better=False) == {1: 5.0, 2: 1.0, 3: 3.0}


def test_normalise_when_all_are_equal_nobody_stands_out():
    assert normalise({1: 7, 2: 7, 3: 7}) == {1: 3.0, 2: 3.0, 3: 3.0}
    assert normalise({1: 7, 2: 7}, higher_is_better=False) == {1: 3.0, 2: 3.0}


def test_normalise_one_proposal_sits_in_the_middle():
    assert normalise({9: 1234.5}) == {9: 3.0}


def test_normalise_nothing_gives_nothing():
    assert normalise({}) == {}


def test_normalise_negative_values():
    assert normalise({1: -10, 2: 0, 3: -5}) == {1: 1.0, 2: 5.0, 3: 3.0}
    assert normalise({1: -10, 2: 0}, higher_is_better=False) == {1: 5.0, 2: 1.0}


def test_metric_values_leave_out_what_is_not_a_finite_number():
    metrics = {
        1: {"capacity": 100},
        2: {"capacity": 2.5},
        3: {"capacity": float("nan")},
        4: {"capacity": float("inf")},
        5: {"capacity": "a lot"},
        6: {"capacity": True},
        7: {},
    }
    assert metric_values(metrics, "capacity") == {1: 100.0, 2: 2.5}


def test_weighted_total_weights_each_criterion():
    assert weighted_total({1: 5.0, 2: 1.0}, {1: 3, 2: 1}) == pytest.approx(4.0)


def test_weighted_total_leaves_unscored_criteria_out():
    assert weighted_total({1: 4.0, 2: None}, {1: 1, 2: 5}) == 4.0
    assert weighted_total({1: None}, {1: 1}) is None
    assert weighted_total({}, {}) is None


def test_spread_of_reviewers_scores():
    assert spread([2, 4]) == Spread(2, 4, 1.0)
    assert spread([3]) == Spread(3, 3, 0.0)
    assert spread([]) is None


def test_agreement_perfect_when_reviewers_give_the_same_scores():
    assert agreement([[4, 4, 4], [2, 2]]) == 1.0


def test_agreement_none_at_opposite_ends():
    assert agreement([[1, 5], [5, 1]]) == 0.0


def test_agreement_known_example():
    # Pairs on the first criterion differ by 1, 2 and 1; on the second by 0: mean 1 of 4.
    assert agreement([[3, 4, 5], [2, 2]]) == pytest.approx(0.75)


def test_agreement_needs_two_scores_on_a_criterion():
    assert agreement([[3], []]) is None
    assert agreement([]) is None


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the worked example with
# four observers and twelve units (None = no value), and the published alphas.
OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
UNITS = [[v for v in unit if v is not None] for unit in zip(*OBSERVERS, strict=True)]


@pytest.mark.parametrize(
    ("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_krippendorff_alpha_matches_the_published_example(level, published):
    assert krippendorff_alpha(UNITS, level=level) == pytest.approx(published, abs=0.0005)


def test_krippendorff_alpha_perfect_agreement_is_1():
    assert krippendorff_alpha([[1, 1], [3, 3, 3], [5, 5]]) == 1.0


def test_krippendorff_alpha_systematic_disagreement_is_negative():
    alpha = krippendorff_alpha([[1, 5], [5, 1], [1, 5]])
    assert alpha is not None and alpha < 0


def test_krippendorff_alpha_undefined_without_variety_or_pairs():
    assert krippendorff_alpha([[3, 3], [3, 3]]) is None
    assert krippendorff_alpha([[1], [5]]) is None
    assert krippendorff_alpha([]) is None


@dataclass
class Spec:
    id: int
    weight: int
    kind: str
    metric: str = ""
    higher_is_better: bool = True


def test_tally_combines_reviewers_means_and_normalised_metrics():
    criteria = [
        Spec(1, 2, "scored"),
        Spec(2, 1, "metric", "capacity"),
        Spec(3, 1, "metric", "cost", higher_is_better=False),
    ]
    metrics = {
        10: {"capacity": 30000, "cost": 5},
        20: {"capacity": 10000, "cost": 15},
        30: {"capacity": 20000},
    }
    ratings = [(10, 1, 100, 4), (10, 1, 101, 2), (20, 1, 100, 5), (99, 1, 100, 1)]
    results = tally(criteria, ratings, metrics)
    assert set(results) == {10, 20, 30}  # 99 is not among those compared
    ten = results[10]
    assert ten.lines[1].value == 3.0 and ten.lines[1].spread == Spread(2, 4, 1.0)
    assert ten.lines[2].value == 5.0 and ten.lines[3].value == 5.0
    assert ten.total == pytest.approx((2 * 3 + 5 + 5) / 4)
    assert ten.agreement == pytest.approx(0.5)
    assert ten.reviewers == 2
    twenty = results[20]
    assert twenty.total == pytest.approx((2 * 5 + 1 + 1) / 4)
    assert twenty.agreement is None and twenty.reviewers == 1
    thirty = results[30]  # no scores, no cost: counted on capacity alone
    assert thirty.lines[1].value is None and thirty.lines[3].value is None
    assert thirty.total == 3.0


def test_tally_ignores_scores_on_criteria_that_are_no_longer_scored():
    criteria = [Spec(1, 1, "metric", "capacity")]
    results = tally(criteria, [(10, 1, 100, 1)], {10: {"capacity": 5}})
    assert results[10].total == 3.0 and results[10].reviewers == 0


def test_challenge_alpha_over_every_scored_line():
    criteria = [Spec(1, 1, "scored"), Spec(2, 1, "metric", "capacity")]
    ratings = [(10, 1, 100, 1), (10, 1, 101, 1), (20, 1, 100, 5), (20, 1, 101, 5), (20, 2, 1, 3)]
    assert challenge_alpha(criteria, ratings) == 1.0
