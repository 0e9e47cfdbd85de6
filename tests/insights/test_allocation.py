"""Item 2: the moving-phantom allocation, worked by hand and checked as properties."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate.design import load_bundled
from cocreate.insights.analysis.allocation import (
    allocation,
    largest_remainder,
    moving_phantom_median,
)
from cocreate.insights.analysis.designs import Item, read_designs

ROAD = load_bundled().get("dominion-road")
TYPES = ["sidewalk", "bike-lane", "drive-lane", "bus-lane", "light-rail", "parklet"]


def design(widths_mm: list[tuple[str, int]]) -> dict[str, Any]:
    parts = [{"type": t, "width": mm / 1000} for t, mm in widths_mm]
    return {"toolkit": "dominion-road", "version": 1, "length": 21.0, "parts": parts}


def read(*designs: dict[str, Any]) -> list[Item]:
    items, problems = read_designs(ROAD, [Item(str(i), d) for i, d in enumerate(designs)])
    assert problems == []
    return items


def test_three_voters_two_uses_by_hand() -> None:
    # Voters ask (300, 2700), (600, 2400), (1800, 1200) of 3000. With n = 3 the phantoms are
    # 3000·min(1, 3t), 3000·min(1, 2t), 3000·min(1, t), 0. At t = 1/3 they stand at 3000,
    # 2000, 1000, 0: the first use's values sorted are 0, 300, 600, 1000, 1800, 2000, 3000
    # (median 1000), the second's 0, 1000, 1200, 2000, 2400, 2700, 3000 (median 2000): they
    # add up to 3000. Just below t = 1/3 both medians are t·3000 and 2t·3000: less than 3000.
    # The coordinate-wise medians (600, 2400) are not the answer.
    proposals = np.array([[300.0, 2700.0], [600.0, 2400.0], [1800.0, 1200.0]])
    assert np.allclose(moving_phantom_median(proposals, 3000.0), [1000.0, 2000.0])


def test_single_minded_voters_get_their_share_of_the_crowd() -> None:
    # Independent markets is proportional (Freeman et al. 2021): three voters who each give all
    # 3000 to one use, two of them to the first, split it 2000 / 1000.
    proposals = np.array([[3000.0, 0.0], [3000.0, 0.0], [0.0, 3000.0]])
    assert np.allclose(moving_phantom_median(proposals, 3000.0), [2000.0, 1000.0])


def test_one_voter_gets_their_proposal() -> None:
    mine = design(
        [
            ("sidewalk", 3100),
            ("bike-lane", 2000),
            ("light-rail", 6000),
            ("drive-lane", 6800),
            ("sidewalk", 3100),
        ]
    )
    result = allocation(ROAD, read(mine))
    assert result["allocation"] == {
        "sidewalk": 6.2,
        "bike-lane": 2.0,
        "drive-lane": 6.8,
        "light-rail": 6.0,
    }
    assert result["medians"] == result["allocation"]


def test_unanimous_voters_get_what_they_all_ask() -> None:
    ours = design(
        [("sidewalk", 4000), ("bus-lane", 7000), ("light-rail", 6000), ("sidewalk", 4000)]
    )
    result = allocation(ROAD, read(ours, ours, ours))
    assert result["allocation"] == {"sidewalk": 8.0, "light-rail": 6.0, "bus-lane": 7.0}


def test_medians_count_an_absent_type_as_zero_and_a_short_design_is_scaled() -> None:
    a = design([("sidewalk", 10500), ("bike-lane", 10500)])
    b = design([("sidewalk", 21000)])
    c = design([("sidewalk", 5000), ("bike-lane", 5500)])  # fills half the street: scaled ×2
    result = allocation(ROAD, read(a, b, c))
    assert result["medians"] == {"sidewalk": 10.5, "bike-lane": 5.5}
    # The proposals are (10500, 10500), (21000, 0), (10000, 11000). With x = 21000·t the
    # medians are min(3x, max(10000, 2x), max(10500, x), 21000) for footpaths and
    # min(2x, max(10500, x), 11000) for bikes: at x = 5250 both are 10500, adding up to 21000,
    # and below it the bikes get 2x < 10500 and the footpaths at most 10500.
    assert result["allocation"] == {"sidewalk": 10.5, "bike-lane": 10.5}


def test_a_configurator_has_no_allocation() -> None:
    bike = load_bundled().get("cargo-bike")
    items = read_designs(bike, [Item("a", bike.baseline or {})])[0]
    assert allocation(bike, items) == {"allocation": {}, "medians": {}}


def test_largest_remainder_keeps_the_total_and_breaks_ties_to_the_left() -> None:
    assert largest_remainder(np.array([1.5, 1.5, 1.0]), 4).tolist() == [2, 1, 1]
    assert largest_remainder(np.array([0.4, 0.4, 0.2]), 1).tolist() == [1, 0, 0]
    assert largest_remainder(np.array([333.3, 333.3, 333.4]), 1000).tolist() == [333, 333, 334]


voter = st.lists(st.tuples(st.sampled_from(TYPES), st.integers(1, 21000)), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(voter, min_size=1, max_size=25), st.randoms())
def test_the_allocation_always_fills_the_street_to_the_millimetre(
    voters: list[Any], rnd: Any
) -> None:
    items = read(*(design(v) for v in voters))
    result = allocation(ROAD, items)
    millimetres = [round(v * 1000) for v in result["allocation"].values()]
    assert sum(millimetres) == 21000
    assert all(0 <= mm <= 21000 for mm in millimetres)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert allocation(ROAD, shuffled) == result


def phantom_median_by_definition(proposals: np.ndarray, length: float) -> np.ndarray:
    """The rule as the paper states it: sort the n + 1 phantoms with each use's n amounts and
    take the middle one, bisecting on t until the middles add up to the length."""
    n, m = proposals.shape

    def middles(t: float) -> np.ndarray:
        phantoms = [length * min(1.0, t * (n - k)) for k in range(n + 1)]
        return np.array([sorted([*phantoms, *proposals[:, j]])[n] for j in range(m)])

    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if middles(middle).sum() < length else (low, middle)
    return middles(high)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 50), min_size=3, max_size=3), min_size=1, max_size=9))
def test_the_vectorised_median_is_the_papers(rows: list[list[int]]) -> None:
    proposals = np.array([[v + 1 for v in row] for row in rows], dtype=np.float64)
    proposals *= 21000 / proposals.sum(axis=1, keepdims=True)
    expected = phantom_median_by_definition(proposals, 21000.0)
    assert np.allclose(moving_phantom_median(proposals, 21000.0), expected, atol=1e-6)
