"""Item 2 of the insights: how the crowd would split the site's fixed length among part types.

Each design is one voter's budget proposal: its total width per part type (0 for the types it
does not use), scaled to the site's length when its parts do not fill it exactly. The aggregate
is the **moving-phantom median** with the *independent markets* phantom system of Freeman,
Pennock, Peters and Wortman Vaughan, "Truthful aggregation of budget proposals", Journal of
Economic Theory 193 (2021) 105234: with n voters and phantoms

    f_k(t) = L · min(1, t · (n − k)),   k = 0 … n,   t ∈ [0, 1],

type j gets the median of the 2n + 1 numbers {f_0(t) … f_n(t), p_1j … p_nj}, and t is the one
where these medians add up to the length L (found by bisection: the sum grows with t, from 0 at
t = 0 to at least L at t = 1). No voter can move the result towards their own proposal by
misreporting it (the rule is truthful), one voter's allocation is their proposal, and unanimous
voters get what they all asked for. Widths are rounded to whole millimetres by largest
remainder, so the allocation adds up to the length exactly.

Unweighted: one design, one voter. A support is an endorsement, not a budget its giver wrote,
and people may support several proposals, so counting supports as voters would count one person
several times and break the one-voter-one-report premise the rule's truthfulness rests on
(``docs/decisions/0014-moving-phantom-allocation.md``). The per-type medians are unweighted too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from cocreate.design.toolkit import Toolkit

from .designs import Item, read_sections

BISECTIONS = 60  # halves [0, 1] down to below 1e-18: far finer than a millimetre


def allocation(toolkit: Toolkit, items: Sequence[Item]) -> dict[str, Any]:
    """``{"allocation": {type: metres}, "medians": {type: metres}}`` for a section toolkit (both
    empty for a configurator or when there are no designs). The allocation's widths add up to
    the site's length (the toolkit's, else its baseline's) to the millimetre."""
    if toolkit.kind != "section" or not items:
        return {"allocation": {}, "medians": {}}
    arrays = read_sections(toolkit, [item.design for item in items])
    widths = arrays.widths.astype(np.float64)
    length = _site_length(toolkit, items)
    medians = np.median(widths, axis=0)
    totals = widths.sum(axis=1)
    voters = widths[totals > 0] * (length / totals[totals > 0])[:, None]
    if voters.shape[0] == 0:
        return {"allocation": {}, "medians": _metres(arrays.types, medians)}
    shares = moving_phantom_median(voters, float(length))
    return {
        "allocation": _metres(arrays.types, largest_remainder(shares, length)),
        "medians": _metres(arrays.types, medians),
    }


def moving_phantom_median(proposals: np.ndarray, length: float) -> np.ndarray:
    """The independent-markets moving-phantom median of ``proposals`` (voters × alternatives,
    each row adding up to ``length``): one real amount per alternative, adding up to ``length``
    (to the bisection's precision).

    The median of a voter column merged with the phantoms is computed without sorting them
    together: the (n+1)-th smallest of two sorted lists a (n voters) and b (n+1 phantoms,
    b_i = L·min(1, t·i) ascending) is min over i = 0…n of max(a_(i), b_(n−i)), a_(0) = −∞."""
    n = proposals.shape[0]
    ordered = np.sort(proposals, axis=0)  # (n, m) ascending per alternative
    lower = np.vstack([np.full((1, ordered.shape[1]), -np.inf), ordered])  # a_(0..n)
    steps = np.arange(n, -1, -1, dtype=np.float64)[:, None]  # n − i for i = 0 … n

    def medians(t: float) -> np.ndarray:
        phantoms = length * np.minimum(1.0, t * steps)
        result: np.ndarray = np.min(np.maximum(lower, phantoms), axis=0)
        return result

    low, high = 0.0, 1.0
    for _ in range(BISECTIONS):
        middle = (low + high) / 2
        if medians(middle).sum() < length:
            low = middle
        else:
            high = middle
    return medians(high)


def largest_remainder(amounts: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers adding up to ``total``: each amount rounded down, then the units still
    missing go one each to the largest remainders (ties to the earlier alternative)."""
    floors = np.floor(amounts).astype(np.int64)
    missing = total - int(floors.sum())
    rounds, rest = divmod(missing, max(amounts.size, 1))
    order = np.argsort(-(amounts - floors), kind="stable")
    result: np.ndarray = floors + rounds
    result[order[:rest]] += 1
    return result


def _site_length(toolkit: Toolkit, items: Sequence[Item]) -> int:
    """The site's length in mm: the toolkit's, else its baseline's, else the designs' median."""
    if toolkit.length_mm is not None:
        return int(toolkit.length_mm)
    baseline = toolkit.baseline
    if baseline is not None:
        return round(float(baseline["length"]) * 1000)
    return round(float(np.median([item.design["length"] for item in items])) * 1000)


def _metres(types: list[str], values: np.ndarray) -> dict[str, float]:
    return {name: round(float(v) / 1000, 3) for name, v in zip(types, values, strict=True)}
