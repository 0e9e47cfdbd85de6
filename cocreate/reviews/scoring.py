"""Scorecard arithmetic, pure: normalising metrics, weighted totals. No Django."""

from __future__ import annotations

from collections.abc import Mapping

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
