"""The contest's arithmetic, pure."""

from __future__ import annotations

import pytest

from cocreate.contests.scoring import (
    Line,
    blend,
    criterion_means,
    jury_total,
    ranking,
    top,
    vote_scores,
)


def test_criterion_means_take_jury_means_and_normalise_metrics():
    lines = [Line(1, 3), Line(2, 1, metric=True), Line(3, 1, metric=True, higher_is_better=False)]
    means = criterion_means(
        [10, 20],
        lines,
        {(10, 1): 4.5, (20, 1): 3.0},
        {2: {10: 100.0, 20: 300.0}, 3: {10: 100.0, 20: 300.0}},
    )
    assert means == {10: {1: 4.5, 2: 1.0, 3: 5.0}, 20: {1: 3.0, 2: 5.0, 3: 1.0}}


def test_jury_total_is_the_weighted_mean_leaving_out_unscored():
    lines = [Line(1, 3), Line(2, 1)]
    assert jury_total({1: 4.5, 2: 3.5}, lines) == pytest.approx(4.25)
    assert jury_total({1: 4.0, 2: None}, lines) == pytest.approx(4.0)
    assert jury_total({1: None, 2: None}, lines) is None


def test_vote_scores_are_relative_to_the_leader():
    assert vote_scores({1: 6, 2: 3, 3: 0}) == {1: 5.0, 2: 3.0, 3: 1.0}
    assert vote_scores({1: 0, 2: 0}) == {1: None, 2: None}


def test_blend_weighs_vote_by_its_share():
    assert blend(4.0, 1.0, 20) == pytest.approx(3.4)
    assert blend(4.0, None, 20) == 4.0
    assert blend(4.0, 5.0, 0) == 4.0
    assert blend(None, 5.0, 50) is None


def test_ranking_shares_ranks_on_ties_and_leaves_unscored_out():
    assert ranking({1: 3.0, 2: 4.0, 3: 3.0, 4: 2.0, 5: None}) == {2: 1, 1: 2, 3: 2, 4: 4, 5: None}


def test_top_breaks_ties_by_the_earlier_proposal():
    assert top({5: 4.0, 3: 4.0, 9: 5.0, 7: None}, 2) == [9, 3]
