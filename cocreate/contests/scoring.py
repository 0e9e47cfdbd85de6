"""A contest's arithmetic, pure: per-criterion means, the jury's total, the public vote's score,
the blend of the two and the ranking. No Django.

The method, as the results page states it:
- a scored criterion's score is the mean of the jurors' 1–5s (a juror with a conflict gave none);
- a metric criterion's score is the metric normalised to 1–5 across the round's proposals
  (`reviews.scoring.normalise`: the best gets 5, the worst 1);
- the jury's total is the weighted mean of the criteria (`reviews.scoring.weighted_total`);
- the public vote's score is 1 + 4 × votes ÷ the most votes any proposal got (the leader gets 5,
  a proposal nobody voted for 1); with no votes at all the vote counts for nothing;
- the final score is (100 − share)% of the jury's total plus share% of the vote's score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cocreate.reviews.scoring import HIGH, LOW, normalise, weighted_total


@dataclass(frozen=True)
class Line:
    """A criterion as the arithmetic needs it: id, weight, and, for a metric, which way is up."""

    id: int
    weight: int
    metric: bool = False
    higher_is_better: bool = True


def criterion_means(
    proposals: Iterable[int],
    lines: Iterable[Line],
    judged: Mapping[tuple[int, int], float],
    metrics: Mapping[int, Mapping[int, float]],
) -> dict[int, dict[int, float | None]]:
    """Per proposal, per criterion: the jurors' mean (`judged[(proposal, criterion)]`) or the
    normalised metric (`metrics[criterion][proposal]`); None where nothing is known yet."""
    proposals, lines = list(proposals), list(lines)
    normalised = {
        line.id: normalise(
            {p: v for p, v in metrics.get(line.id, {}).items() if p in proposals},
            higher_is_better=line.higher_is_better,
        )
        for line in lines
        if line.metric
    }
    return {
        p: {
            line.id: normalised[line.id].get(p) if line.metric else judged.get((p, line.id))
            for line in lines
        }
        for p in proposals
    }


def jury_total(means: Mapping[int, float | None], lines: Iterable[Line]) -> float | None:
    return weighted_total(means, {line.id: line.weight for line in lines})


def vote_scores(votes: Mapping[int, int]) -> dict[int, float | None]:
    """Each proposal's votes on 1–5, relative to the leader; None for all when nobody voted."""
    most = max(votes.values(), default=0)
    if not most:
        return dict.fromkeys(votes)
    return {p: LOW + (HIGH - LOW) * n / most for p, n in votes.items()}


def blend(jury: float | None, vote: float | None, share: int) -> float | None:
    """The final score: `share` per cent of the vote's score, the rest the jury's total. A
    proposal the jury did not score has no final score; without votes the jury decides alone."""
    if jury is None:
        return None
    if vote is None or not share:
        return jury
    return (100 - share) / 100 * jury + share / 100 * vote


def ranking(finals: Mapping[int, float | None]) -> dict[int, int | None]:
    """Ranks by final score, highest first; equal scores share a rank (1, 2, 2, 4); unscored
    proposals have none. Scores are compared at four decimals, as the page shows two."""
    scored = sorted(
        ((round(v, 4), p) for p, v in finals.items() if v is not None), key=lambda s: -s[0]
    )
    ranks: dict[int, int | None] = dict.fromkeys(finals)
    for index, (value, p) in enumerate(scored):
        previous = scored[index - 1] if index else None
        ranks[p] = ranks[previous[1]] if previous and previous[0] == value else index + 1
    return ranks


def top(totals: Mapping[int, float | None], n: int) -> list[int]:
    """The `n` proposals with the highest totals (ties broken by the earlier proposal, unscored
    ones never make it): who goes through to the next round."""
    scored = [(v, p) for p, v in totals.items() if v is not None]
    return [p for _v, p in sorted(scored, key=lambda s: (-s[0], s[1]))[:n]]
