"""Schools of thought (``cocreate.insights.analysis.schools``): planted camps are recovered,
the result does not depend on input order, members partition the designs."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score, silhouette_score

from cocreate.design.registry import load_bundled
from cocreate.insights.analysis.designs import Item
from cocreate.insights.analysis.schools import find_schools, pairwise_distances, silhouette

TOOLKIT = load_bundled().get("dominion-road")
TRACKS = [
    {
        "type": "light-rail",
        "width": 3.0,
        "variant": {"direction": "inbound"},
        "id": "inbound-track",
    },
    {
        "type": "transit-shelter",
        "width": 2.4,
        "variant": {"transit-shelter-elevation": "light-rail"},
    },
    {
        "type": "light-rail",
        "width": 3.0,
        "variant": {"direction": "outbound"},
        "id": "outbound-track",
    },
]
# Three camps of Dominion Road (21 m): (type, width) on each side of the tracks, left to right.
ARCHETYPES: dict[str, tuple[list[tuple[str, float]], list[tuple[str, float]]]] = {
    "bikes": (
        [("sidewalk", 3.0), ("bike-lane", 2.7), ("divider", 0.6)],
        [("divider", 0.6), ("bike-lane", 2.7), ("sidewalk", 3.0)],
    ),
    "green": (
        [("sidewalk", 4.8), ("sidewalk-tree", 1.5)],
        [("sidewalk-tree", 1.5), ("sidewalk", 4.8)],
    ),
    "cars": (
        [("sidewalk", 1.8), ("parking-lane", 2.1), ("drive-lane", 2.4)],
        [("drive-lane", 2.4), ("parking-lane", 2.1), ("sidewalk", 1.8)],
    ),
}
CAMPS = sorted(ARCHETYPES)
SWAPS = {"divider": "sidewalk-tree", "sidewalk-tree": "divider", "parking-lane": "flex-zone"}


def planted(camp: str, rng: random.Random) -> dict[str, Any]:
    """One noisy design of a camp: widths jittered (the street still 21 m), now and then a
    part swapped for a similar one or two neighbours swapped."""
    left, right = ARCHETYPES[camp]
    sides = [[{"type": t, "width": w} for t, w in side] for side in (left, right)]
    for side in sides:
        if rng.random() < 0.1:  # a similar part instead
            part = rng.choice(side)
            part["type"] = SWAPS.get(part["type"], part["type"])
        if rng.random() < 0.1 and len(side) > 2:  # two inner neighbours swapped
            i = rng.randrange(1, len(side) - 1)
            side[i], side[i - 1 if side is sides[1] else i + 1] = (
                side[i - 1 if side is sides[1] else i + 1],
                side[i],
            )
        for _move in range(2):  # width moved between two parts of one side
            a, b = rng.sample(range(len(side)), 2)
            amount = round(rng.uniform(0, 0.3), 1)
            if side[a]["width"] - amount >= 0.3:
                side[a]["width"] = round(side[a]["width"] - amount, 3)
                side[b]["width"] = round(side[b]["width"] + amount, 3)
    design = {"toolkit": "dominion-road", "length": 21, "parts": [*sides[0], *TRACKS, *sides[1]]}
    return TOOLKIT.parse(design)


def planted_items(per_camp: int, seed: int = 1) -> tuple[list[Item], dict[str, str]]:
    """``per_camp`` designs of each camp, ids shuffled across camps; and each id's camp."""
    rng = random.Random(seed)
    items, truth = [], {}
    for n in range(per_camp * len(CAMPS)):
        camp = CAMPS[n % len(CAMPS)]
        item_id = f"p{rng.randrange(10**9):09d}-{n}"
        items.append(Item(item_id, planted(camp, rng), support=float(rng.randrange(0, 5))))
        truth[item_id] = camp
    return items, truth


@pytest.fixture(scope="module")
def camps() -> tuple[list[Item], dict[str, str], list[dict[str, Any]]]:
    items, truth = planted_items(110)
    return items, truth, find_schools(TOOLKIT, items)


def test_planted_camps_are_recovered_as_three_schools(camps) -> None:
    _items, truth, schools = camps
    assert len(schools) == 3
    found = {member: school["id"] for school in schools for member in school["members"]}
    ids = sorted(truth)
    assert adjusted_rand_score([truth[i] for i in ids], [found[i] for i in ids]) >= 0.9


def test_each_school_has_its_medoid_share_support_and_sorted_members(camps) -> None:
    items, truth, schools = camps
    support = {item.id: item.support for item in items}
    assert [s["id"] for s in schools] == ["1", "2", "3"]
    sizes = [len(s["members"]) for s in schools]
    assert sizes == sorted(sizes, reverse=True)
    for school in schools:
        assert school["members"] == sorted(school["members"])
        assert school["medoid"] in school["members"]
        assert school["share"] == pytest.approx(len(school["members"]) / len(items), abs=1e-6)
        assert school["support"] == pytest.approx(sum(support[m] for m in school["members"]))
        camp = {truth[m] for m in [school["medoid"]]}.pop()
        assert sum(truth[m] == camp for m in school["members"]) > 0.9 * len(school["members"])


def test_summaries_name_what_sets_each_planted_camp_apart(camps) -> None:
    _items, truth, schools = camps
    by_camp = {truth[s["medoid"]]: s["summary"].lower() for s in schools}
    assert "of bike lanes" in by_camp["bikes"] or "more to bike lanes" in by_camp["bikes"]
    assert "more to sidewalks" in by_camp["green"] and "of trees" in by_camp["green"]
    assert "of drive lanes" in by_camp["cars"] or "of parking lanes" in by_camp["cars"]
    assert "drop" not in by_camp["cars"]
    assert all(s["summary"][0].isupper() for s in schools)


def test_one_design_or_none() -> None:
    assert find_schools(TOOLKIT, []) == []
    only = Item("a", TOOLKIT.baseline or {})
    (school,) = find_schools(TOOLKIT, [only])
    assert school["members"] == ["a"] and school["medoid"] == "a" and school["share"] == 1


def test_a_crowd_of_one_mind_is_one_school() -> None:
    same = [Item(f"s{n}", TOOLKIT.baseline or {}, support=2) for n in range(5)]
    (school,) = find_schools(TOOLKIT, same)
    assert school["members"] == [f"s{n}" for n in range(5)] and school["support"] == 10


def test_equal_designs_land_in_one_school() -> None:
    items, _truth = planted_items(4, seed=3)
    doubled = items + [Item(f"{i.id}-copy", i.design) for i in items]
    schools = find_schools(TOOLKIT, doubled)
    assert sorted(m for s in schools for m in s["members"]) == sorted(i.id for i in doubled)
    for item in items:  # a copy sits in its original's school
        school = next(s for s in schools if item.id in s["members"])
        assert f"{item.id}-copy" in school["members"]


def test_configurator_options_cluster_too() -> None:
    toolkit = load_bundled().get("cargo-bike")
    rng = random.Random(5)
    items = []
    for n in range(60):
        camp = n % 2
        design = toolkit.baseline or {}
        design["choices"]["frame"] = ("front-box", "mid-tail")[camp]
        design["choices"]["motor"] = ("mid-drive", "none")[camp]
        design["parameters"]["battery_wh"] = (1000, 0)[camp] + 50 * rng.randrange(5)
        design["parameters"]["child_seats"] = rng.randrange(5)
        items.append(Item(f"c{n:03d}", toolkit.parse(design)))
    schools = find_schools(toolkit, items)
    assert len(schools) == 2
    assert {len(s["members"]) for s in schools} == {30}
    front = next(s for s in schools if int(s["medoid"][1:]) % 2 == 0)
    assert "picks front-loader (bakfiets) for the frame more often" in front["summary"].lower()


SMALL, _TRUTH = planted_items(8, seed=7)


@settings(max_examples=15, deadline=None)
@given(st.permutations(SMALL), st.integers(0, 6))
def test_schools_do_not_depend_on_input_order_and_partition_the_designs(shuffled, drop) -> None:
    items = shuffled[drop:]
    expected = find_schools(TOOLKIT, sorted(items, key=lambda i: i.id))
    assert find_schools(TOOLKIT, items) == expected
    members = [m for s in expected for m in s["members"]]
    assert sorted(members) == sorted(i.id for i in items)  # every design in exactly one school
    assert 2 <= len(expected) <= 8


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.floats(-5, 5), st.floats(-5, 5)), min_size=3, max_size=40
    )
)
def test_silhouette_is_sklearns(rows) -> None:
    labels = np.array([label for label, _x, _y in rows])
    points = np.array([[x, y] for _label, x, y in rows])
    ours = silhouette(pairwise_distances(points), np.unique(labels, return_inverse=True)[1])
    if not 2 <= len(set(labels.tolist())) < len(rows):
        assert ours is None
    else:
        assert ours == pytest.approx(silhouette_score(points, labels), abs=1e-4)


def test_the_side_a_camp_puts_a_use_on_sets_it_apart() -> None:
    """Same widths per type, mirrored: only the lean tells the camps apart."""
    rng = random.Random(9)
    items = []
    for n in range(40):
        jitter = round(rng.uniform(-0.2, 0.2), 2)
        near = [("sidewalk", 3.0 + jitter), ("bike-lane", 2.7), ("divider", 0.6 - jitter)]
        far = [("divider", 0.6), ("sidewalk", 5.7)]
        left, right = (near, far) if n % 2 else (far[::-1], near[::-1])
        parts = [{"type": t, "width": w} for t, w in left]
        parts += [*TRACKS, *({"type": t, "width": w} for t, w in right)]
        design = TOOLKIT.parse({"toolkit": "dominion-road", "length": 21, "parts": parts})
        items.append(Item(f"m{n:02d}", design))
    schools = find_schools(TOOLKIT, items)
    assert [sorted(int(m[1:]) % 2 for m in s["members"]) for s in schools] in (
        [[0] * 20, [1] * 20],
        [[1] * 20, [0] * 20],
    )
    for school in schools:
        side = "left" if int(school["medoid"][1:]) % 2 else "right"
        assert f"puts the bike lanes further {side}" in school["summary"].lower()
