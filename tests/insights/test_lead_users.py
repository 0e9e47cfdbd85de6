"""Lead users: hand-worked cases for each component and its evidence, edge cases, order."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate.insights.analysis.lead_users import Proposal, features, rank_lead_users

DAY0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
STREET = [
    {"type": "sidewalk", "width": 2},
    {"type": "drive-lane", "width": 3},
    {"type": "sidewalk", "width": 2},
]
SCOOTER = [*STREET[:2], {"type": "scooter-lane", "width": 1.5}, STREET[2]]


def proposal(
    id: str,
    author: str,
    day: float = 0,
    parts: list[dict[str, Any]] | None = None,
    parent: str | None = None,
    supporters: tuple[str, ...] = (),
) -> Proposal:
    design = {"parts": STREET if parts is None else parts}
    return Proposal(id, author, DAY0 + timedelta(days=day), parent, design, supporters)


def by_author(ranking: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["author"]: row for row in ranking}


def test_the_features_of_a_section_and_of_a_configurator() -> None:
    designs: list[dict[str, Any]] = [
        {"parts": [*STREET[:2], {"type": "bike-lane", "width": 2, "variant": {"dir": "in"}}]},
        {"choices": {"frame": "long-tail"}, "parameters": {"battery_wh": 500, "lit": True}},
        {"parts": "not a list", "choices": {"motor": 3}},
    ]
    design, feature, labels = features(designs)
    held = [{labels[f] for f in feature[design == i]} for i in range(3)]
    # widths 2, 3, 2: the half is 3.5 m; the drive lane's centre is at 3.5 m, on neither side
    assert held[0] == {
        ("type", "sidewalk"),
        ("type", "drive-lane"),
        ("type", "bike-lane"),
        ("variant", "bike-lane", "dir", "in"),
        ("next", "sidewalk", "drive-lane"),
        ("next", "drive-lane", "bike-lane"),
        ("side", "sidewalk", "left"),
        ("side", "bike-lane", "right"),
    }
    assert held[1] == {("choice", "frame", "long-tail"), ("parameter", "battery_wh", "500")}
    assert held[2] == set()


def test_a_centred_part_is_on_neither_side() -> None:
    _, feature, labels = features([{"parts": STREET}])
    assert {labels[f] for f in feature} == {
        ("type", "sidewalk"),
        ("type", "drive-lane"),
        ("next", "sidewalk", "drive-lane"),
        ("side", "sidewalk", "left"),
        ("side", "sidewalk", "right"),
    }


def test_lead_time_is_counted_to_the_day_a_feature_stays_in_20_percent() -> None:
    # Ten proposals a day apart. The scooter lane: ada on day 1, then days 6 and 7. Its
    # cumulative share is 1/2 on day 1, falls to 1/6 on day 5, and is 2/7, 3/8, 3/9, 3/10
    # from day 6 on: it became common on day 6, five days after ada.
    scooter = {1: "ada", 6: "bo", 7: "cy"}
    people = ["zed", "ada", "yan", "xi", "wu", "vi", "bo", "cy", "ul", "ty"]
    ranking = rank_lead_users(
        [
            proposal(f"p{d}", who, d, SCOOTER if d in scooter else STREET)
            for d, who in enumerate(people)
        ]
    )
    ada = by_author(ranking)["ada"]
    assert ranking[0]["author"] == "ada"
    # the whole lead (0.5) and, with 10 features like bo and cy, the whole breadth (0.15)
    assert [(row["author"], row["score"]) for row in ranking[:3]] == [
        ("ada", 0.65),
        ("bo", 0.15),
        ("cy", 0.15),
    ]
    assert ada["evidence"][0] == (
        "first to add a scooter lane, 5 days before it appeared in 20% of proposals"
    )
    # Its two neighbour pairs and two sides (scooter lane right; the drive lane, centred in the
    # plain street, now left) became common with it: named by kind, then counted.
    assert ada["evidence"][1:4] == [
        "first to put a drive lane next to a scooter lane, 5 days before it appeared in 20% of"
        " proposals",
        "first to put a sidewalk next to a scooter lane, 5 days before it appeared in 20% of"
        " proposals",
        "early to 2 more features that became common",
    ]
    # bo came on the day it became common: no lead; nobody else was ahead on anything
    assert all("before it appeared" not in line for row in ranking[1:] for line in row["evidence"])


def test_only_the_first_two_and_a_half_percent_of_adopters_earn_lead() -> None:
    # 80 proposals an hour apart; the bus lane appears early in two (ada, then bo) and becomes
    # common when everyone takes it up. 41 adopters: ceil(2.5% of 41) = 2 innovators.
    bus = [*STREET, {"type": "bus-lane", "width": 3}]
    rows = [proposal("a", "ada", 0, bus), proposal("b", "bo", 0.5, bus)]
    rows += [proposal(f"s{i}", f"s{i:02}", 1 + i / 24) for i in range(40)]
    rows += [proposal(f"t{i}", f"t{i:02}", 3 + i / 24, bus) for i in range(39)]
    ranking = by_author(rank_lead_users(rows, limit=200))
    assert ranking["ada"]["evidence"][0].startswith("first to add a bus lane, 3 days before")
    assert ranking["bo"]["evidence"][0].startswith("early to add a bus lane, 3 days before")
    assert not any("before it appeared" in line for line in ranking["t00"]["evidence"])


def test_a_feature_that_never_becomes_common_earns_no_lead() -> None:
    rows = [proposal("a", "ada", 0, SCOOTER)] + [
        proposal(f"p{i}", f"p{i}", 1 + i) for i in range(9)
    ]  # one in ten: 10 %
    assert not any(
        "before it appeared" in line for row in rank_lead_users(rows) for line in row["evidence"]
    )


def test_lead_words_for_variants_neighbours_and_short_leads() -> None:
    variant = [*STREET[:2], {"type": "bike-lane", "width": 2, "variant": {"dir": "inbound"}}]
    rows = [proposal("a", "ada", 0, variant), proposal("z", "zed", 0.2, variant)]
    rows += [proposal(f"p{i}", f"p{i}", 0.3 + i / 100) for i in range(12)]  # 2 in 14: rare
    rows += [proposal(f"q{i}", f"q{i}", 0.5 + i / 100, variant) for i in range(20)]
    evidence = by_author(rank_lead_users(rows))["ada"]["evidence"]
    assert (
        "first to use an inbound bike lane, less than a day before it appeared in 20% of proposals"
        in evidence
    )
    assert any(
        line.startswith("first to put a drive lane next to a bike lane") for line in evidence
    )


def test_remixes_are_credited_down_the_lineage_and_never_to_oneself() -> None:
    rows = [
        proposal("a1", "ada"),
        proposal("b1", "bo", 1, parent="a1"),
        proposal("c1", "cy", 2, parent="b1"),
        proposal("d1", "di", 3, parent="c1"),
        proposal("a2", "ada", 4, parent="a1"),  # a remix of one's own counts for nobody
        proposal("e1", "ed", 5, parent="a2"),  # a child of ada's second proposal
        proposal("f1", "fu", 6, parent="gone"),  # its parent is not in the input
    ]
    ranking = by_author(rank_lead_users(rows))
    assert (
        "2 remixes of their proposals (2.75 with credit down the lineage)"
        in ranking["ada"]["evidence"]
    )
    assert (
        "1 remix of their proposals (1.5 with credit down the lineage)" in ranking["bo"]["evidence"]
    )
    assert "1 remix of their proposals" in ranking["cy"]["evidence"]
    for who in ("di", "ed", "fu"):
        assert not any("remix" in line for line in ranking[who]["evidence"])
    assert [row["author"] for row in rank_lead_users(rows)][:3] == ["ada", "bo", "cy"]


def test_supporters_are_distinct_people_other_than_the_author() -> None:
    rows = [
        proposal("a1", "ada", supporters=("ada", "xi", "yan")),
        proposal("a2", "ada", 1, supporters=("xi", "zed", "zed")),
        proposal("b1", "bo", 2, supporters=("bo",)),
        proposal("c1", "cy", 3, supporters=("ada",)),
    ]
    ranking = by_author(rank_lead_users(rows))
    assert "3 supporters" in ranking["ada"]["evidence"]
    assert "1 supporter" in ranking["cy"]["evidence"]
    assert not any("supporter" in line for line in ranking["bo"]["evidence"])


def test_breadth_counts_distinct_features_and_what_they_are_about() -> None:
    bike = [*STREET[:2], {"type": "bike-lane", "width": 2}]
    rows = [
        proposal("a1", "ada", 0),
        proposal("a2", "ada", 1, bike),
        Proposal(
            "b1",
            "bo",
            DAY0,
            None,
            {"choices": {"frame": "long-tail", "motor": "hub"}, "parameters": {"battery_wh": 500}},
        ),
    ]
    # 3 types, 2 neighbour pairs, sidewalk left and right, bike lane right (the drive lane is
    # centred in both designs)
    ranking = by_author(rank_lead_users(rows))
    assert ranking["ada"]["evidence"][-1] == "8 distinct features across 3 part types"
    assert ranking["bo"]["evidence"] == ["3 distinct features across 3 options"]


def test_a_configurator_choice_can_lead() -> None:
    def bike(day: int, who: str, frame: str) -> Proposal:
        design = {"choices": {"frame": frame}, "parameters": {"seats": 2}}
        return Proposal(f"p{day}", who, DAY0 + timedelta(days=day), None, design)

    # long-tail: days 0-2, then from day 21; on day 22 it is in 5 of 23 proposals (21.7 %)
    rows = [bike(d, f"u{d % 7}", "long-tail" if d < 3 or d > 20 else "box") for d in range(40)]
    ranking = rank_lead_users(rows)
    assert ranking[0]["author"] == "u0"
    assert ranking[0]["evidence"] == [
        "first to choose the long tail frame, 22 days before it appeared in 20% of proposals",
        "3 distinct features across 2 options",
    ]


def test_designs_without_features_still_rank_their_authors() -> None:
    rows = [
        Proposal("a", "ada", DAY0, None, {}),
        Proposal("b", "bo", DAY0, "a", {"parts": [7, {"width": 2}]}, ("ada",)),
    ]
    assert rank_lead_users(rows) == [
        {"author": "ada", "score": 0.2, "evidence": ["1 remix of their proposals"]},
        {"author": "bo", "score": 0.15, "evidence": ["1 supporter"]},
    ]


def test_one_proposal_and_no_proposals() -> None:
    assert rank_lead_users([]) == []
    assert rank_lead_users([proposal("a", "ada")]) == [
        {"author": "ada", "score": 0.15, "evidence": ["5 distinct features across 2 part types"]}
    ]


def test_ties_go_by_author_name_and_the_limit_cuts_the_list() -> None:
    rows = [proposal(f"p{name}", name) for name in ("cy", "ada", "bo")]
    assert [row["author"] for row in rank_lead_users(rows)] == ["ada", "bo", "cy"]
    assert [row["author"] for row in rank_lead_users(rows, limit=2)] == ["ada", "bo"]


def population(seed: int, size: int = 300, authors: int = 60) -> list[Proposal]:
    """A small crowd with ideas, remixes and supports, for order tests."""
    rng = random.Random(seed)
    people = [f"person-{i:02}" for i in range(authors)]
    kinds = ["bike-lane", "bus-lane", "tree-pit", "parklet", "scooter-lane"]
    rows = []
    for i in range(size):
        day = rng.uniform(0, 100)
        extra = [{"type": k, "width": 2} for k in kinds if rng.random() < day / 250]
        rows.append(
            proposal(
                f"p{i:03}",
                rng.choice(people),
                day,
                [*STREET, *extra],
                f"p{rng.randrange(i):03}" if i and rng.random() < 0.3 else None,
                tuple(rng.sample(people, rng.randrange(4))),
            )
        )
    return rows


@settings(max_examples=20, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_input_order(rnd: random.Random) -> None:
    rows = population(7)
    expected = rank_lead_users(rows)
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert rank_lead_users(shuffled) == expected
    scores = [row["score"] for row in expected]
    assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] <= 1
