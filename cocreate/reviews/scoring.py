"""Scorecard arithmetic, pure: normalising metrics, weighted totals, the spread of reviewers'
scores and how far they agree. No Django: the selectors pull rows in bulk and hand them here."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal, Protocol

LOW, HIGH = 1.0, 5.0  # the scale every criterion is scored on


def normalise(values: Mapping[int, float], *, higher_is_better: bool = True) -> dict[int, float]:
    """Map each proposal's metric onto 1–5 by where it falls between the lowest and highest of
    the proposals compared (the best gets 5). When all are equal nobody stands out: each gets 3."""
    if not values:
        return {}
    low, high = min(values.values()), max(values.values())
    if high == low:
        return dict.fromkeys(values, (LOW + HIGH) / 2)
    span = high - low
    return {
        key: LOW + (HIGH - LOW) * ((v - low) if higher_is_better else (high - v)) / span
        for key, v in values.items()
    }


def weighted_total(scores: Mapping[int, float | None], weights: Mapping[int, int]) -> float | None:
    """The weighted mean (1–5) of the criteria scored so far; None when none is. A criterion
    not yet scored is left out rather than counted as zero, so partial cards stay comparable."""
    scored = [(weights[key], value) for key, value in scores.items() if value is not None]
    total_weight = sum(weight for weight, _value in scored)
    if not total_weight:
        return None
    return sum(weight * value for weight, value in scored) / total_weight


@dataclass(frozen=True, slots=True)
class Spread:
    """How reviewers' scores on one criterion of one proposal spread: the lowest, the highest
    and the (population) standard deviation, 0 for a single score."""

    low: int
    high: int
    deviation: float


def spread(values: Sequence[int]) -> Spread | None:
    if not values:
        return None
    return Spread(min(values), max(values), statistics.pstdev(values))


def agreement(ratings: Iterable[Sequence[int]]) -> float | None:
    """How far reviewers agree on one proposal, as a share: 1 less the mean absolute difference
    between two reviewers' scores on the same criterion, over the widest difference the scale
    allows (4). Each item of `ratings` is one criterion's scores, one per reviewer; criteria
    scored by fewer than two reviewers say nothing. 1.0 is perfect agreement, 0.0 one reviewer
    at 1 and the other at 5 on everything; None when no criterion has two scores.

    A share rather than Krippendorff's alpha, because alpha is undefined for one proposal whose
    scores hardly vary (it divides by the spread of all values); alpha for the whole challenge is
    `krippendorff_alpha`."""
    differences = [abs(a - b) for values in ratings for a, b in combinations(values, 2)]
    if not differences:
        return None
    return 1 - statistics.fmean(differences) / (HIGH - LOW)


Level = Literal["nominal", "ordinal", "interval"]


def krippendorff_alpha(units: Iterable[Sequence[int]], *, level: Level = "ordinal") -> float | None:
    """Krippendorff's alpha over `units` (each the values reviewers gave one thing: here one
    criterion of one proposal), at the given level of measurement; reviewer scores are ordinal.
    Units with fewer than two values are not pairable and are left out. 1 is perfect agreement,
    0 what chance would give, below 0 systematic disagreement. None when undefined: fewer than
    two pairable values, or every value the same (nothing to disagree about).

    Computed from the coincidence matrix as in Krippendorff, "Computing Krippendorff's
    Alpha-Reliability" (2011): alpha = 1 - (n - 1) * sum(o_ck * d_ck) / sum(n_c * n_k * d_ck).
    The tests check that paper's worked example (nominal .743, ordinal .815, interval .849)."""
    coincidences: dict[tuple[int, int], float] = defaultdict(float)
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidences[c, k] += 1 / (m - 1)
    totals: dict[int, float] = defaultdict(float)
    for (c, _k), count in coincidences.items():
        totals[c] += count
    n = sum(totals.values())
    categories = sorted(totals)
    if n < 2 or len(categories) < 2:
        return None
    delta = _distance(categories, totals, level)
    observed = sum(count * delta[c, k] for (c, k), count in coincidences.items())
    expected = sum(totals[c] * totals[k] * delta[c, k] for c in categories for k in categories)
    return 1 - (n - 1) * observed / expected


def _distance(
    categories: list[int], totals: Mapping[int, float], level: Level
) -> dict[tuple[int, int], float]:
    """The squared difference metric between every two values present."""
    delta: dict[tuple[int, int], float] = {}
    for a, c in enumerate(categories):
        for k in categories[a:]:
            if level == "nominal":
                d = 0.0 if c == k else 1.0
            elif level == "interval":
                d = float((c - k) ** 2)
            else:  # ordinal: the values between c and k, counting c and k half
                between = sum(totals[g] for g in categories if c <= g <= k)
                d = (between - (totals[c] + totals[k]) / 2) ** 2
            delta[c, k] = delta[k, c] = d
    return delta


class CriterionLike(Protocol):
    """What `tally` reads of a criterion (`reviews.models.Criterion` is one)."""

    @property
    def id(self) -> int: ...
    @property
    def weight(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def metric(self) -> str: ...
    @property
    def higher_is_better(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Line:
    """One criterion of one proposal: the 1–5 it counts with (None while unscored), and for a
    scored criterion the spread of reviewers' scores (None for a metric)."""

    value: float | None
    spread: Spread | None = None


@dataclass(frozen=True, slots=True)
class Tally:
    """A proposal's results: each criterion's line, the weighted total, reviewer agreement and
    how many reviewers scored it."""

    lines: dict[int, Line]
    total: float | None
    agreement: float | None
    reviewers: int

    @property
    def complete(self) -> bool:
        """Whether every criterion has a value, so the total counts them all."""
        return all(line.value is not None for line in self.lines.values())


Rating = tuple[int, int, int, int]  # proposal id, criterion id, reviewer id, value


def tally(
    criteria: Sequence[CriterionLike],
    ratings: Iterable[Rating],
    metrics: Mapping[int, Mapping[str, object]],
) -> dict[int, Tally]:
    """Every proposal's results. `metrics` maps each proposal compared (the challenge's listable
    ones) to its metric values; a metric criterion is normalised across the proposals that have
    a finite value for it. A scored criterion counts with the mean of its reviewers' scores;
    scores on criteria that are not (or no longer) scored are ignored."""
    scored = {c.id for c in criteria if c.kind != "metric"}
    by_line: dict[tuple[int, int], list[int]] = defaultdict(list)
    reviewers: dict[int, set[int]] = defaultdict(set)
    for proposal, criterion, reviewer, value in ratings:
        if criterion in scored and proposal in metrics:
            by_line[proposal, criterion].append(value)
            reviewers[proposal].add(reviewer)
    normalised = {
        c.id: normalise(metric_values(metrics, c.metric), higher_is_better=c.higher_is_better)
        for c in criteria
        if c.kind == "metric"
    }
    weights = {c.id: c.weight for c in criteria}
    results: dict[int, Tally] = {}
    for proposal in metrics:
        lines: dict[int, Line] = {}
        for c in criteria:
            if c.id in scored:
                values = by_line.get((proposal, c.id), [])
                mean = statistics.fmean(values) if values else None
                lines[c.id] = Line(mean, spread(values))
            else:
                lines[c.id] = Line(normalised[c.id].get(proposal))
        results[proposal] = Tally(
            lines=lines,
            total=weighted_total({key: line.value for key, line in lines.items()}, weights),
            agreement=agreement(by_line.get((proposal, c), []) for c in scored),
            reviewers=len(reviewers[proposal]),
        )
    return results


def metric_values(metrics: Mapping[int, Mapping[str, object]], metric: str) -> dict[int, float]:
    """Each proposal's value of `metric`, leaving out proposals without a finite number."""
    found: dict[int, float] = {}
    for proposal, values in metrics.items():
        value = values.get(metric)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            found[proposal] = float(value)
    return found


def challenge_alpha(criteria: Sequence[CriterionLike], ratings: Iterable[Rating]) -> float | None:
    """Krippendorff's ordinal alpha over every scored criterion of every proposal: how far the
    challenge's reviewers agree, all told."""
    scored = {c.id for c in criteria if c.kind != "metric"}
    units: dict[tuple[int, int], list[int]] = defaultdict(list)
    for proposal, criterion, _reviewer, value in ratings:
        if criterion in scored:
            units[proposal, criterion].append(value)
    return krippendorff_alpha(units.values())
