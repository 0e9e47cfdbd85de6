"""Constraint pressure from designs (``rule_bounds``) and from the editor's counts
(``blocking_rules``): the pure core, no database."""

from __future__ import annotations

import random
from typing import Any

import pytest

from cocreate.design import load_bundled
from cocreate.insights.analysis.designs import Item
from cocreate.insights.analysis.pressure import blocking_rules, rule_bounds

BUNDLED = load_bundled()
ROAD = BUNDLED.get("dominion-road")
BIKE = BUNDLED.get("cargo-bike")


def road(widths: dict[str, float] | None = None, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """Dominion Road's baseline with parts (by id) resized or dropped."""
    design = ROAD.baseline
    assert design is not None
    parts = [p for p in design["parts"] if p["id"] not in drop]
    for part in parts:
        part["width"] = (widths or {}).get(part["id"], part["width"])
    return ROAD.parse({**design, "parts": parts})


def items(*designs: dict[str, Any]) -> list[Item]:
    return [Item(str(n), design) for n, design in enumerate(designs)]


def row(rows: list[dict[str, Any]], label: str) -> dict[str, Any]:
    (found,) = (r for r in rows if r["label"] == label)
    return found


def test_a_width_within_the_tolerance_of_its_minimum_is_at_the_bound() -> None:
    rows = rule_bounds(
        ROAD,
        items(
            road({"footpath-west": 1.8}),  # at
            road({"footpath-east": 1.85}),  # 50 mm inside: at
            road({"footpath-west": 1.851}),  # 51 mm inside: not
            road({"footpath-west": 1.7}),  # past (a warning lets it through): at and past
            road(),  # 2.10 m
        ),
    )
    sidewalk = row(rows, "Sidewalk: minimum width 1.80 m")
    assert sidewalk == {
        "rule": "width",
        "label": "Sidewalk: minimum width 1.80 m",
        "bound": "min",
        "at_bound": 3,
        "past": 1,
        "share": 0.6,
    }


def test_a_width_at_its_maximum_counts_on_the_max_side() -> None:
    rows = rule_bounds(ROAD, items(road({"traffic-west": 3.58}), road({"traffic-east": 3.5})))
    assert row(rows, "Drive lane: maximum width 3.60 m")["at_bound"] == 1
    assert row(rows, "Drive lane: minimum width 2.40 m")["at_bound"] == 0


def test_a_variant_with_its_own_limit_is_judged_by_it() -> None:
    """The platform's shelter has a 2.40 m minimum (light-rail elevation), not the catalog's
    2.70 m: at 2.40 m it is at its bound, and 2.70 m is no bound of this variant."""
    at_own = road({"platform": 2.4})
    at_catalog = road({"platform": 2.7})
    rows = rule_bounds(ROAD, items(at_own, at_catalog))
    assert row(rows, "Transit shelter: minimum width 2.40 m")["at_bound"] == 1


def test_a_metric_within_two_percent_of_its_minimum_is_at_the_bound() -> None:
    designs = [
        road(drop=("footpath-west", "traffic-west", "traffic-east")),  # 75,000
        road(drop=("footpath-west",)),  # 78,000: 4% above
        road(drop=("cycle-west", "cycle-east")),  # 69,000: past
        road(),  # 93,000
    ]
    capacities = [ROAD.evaluate(d)["metrics"]["capacity"] for d in designs]
    assert capacities == [75000, 78000, 69000, 93000]
    capacity = row(rule_bounds(ROAD, items(*designs)), "Capacity: at least 75,000 people/hour")
    assert (capacity["rule"], capacity["at_bound"], capacity["past"]) == ("capacity", 2, 1)


def test_metric_totals_agree_with_the_engine_on_random_designs() -> None:
    rng = random.Random(7)
    types = ["sidewalk", "bike-lane", "drive-lane", "light-rail", "bus-lane"]
    designs = []
    for _ in range(200):
        parts = [
            {"type": rng.choice(types), "width": rng.choice([2.0, 3.0, 3.5])}
            for _ in range(rng.randint(1, 9))
        ]
        if rng.random() < 0.3:
            parts.append(
                {"type": "bike-lane", "width": 3.0, "variant": {"bike-direction": "two-way"}}
            )
        designs.append(ROAD.parse({"toolkit": "dominion-road", "length": 21, "parts": parts}))
    expected = sum(ROAD.evaluate(d)["metrics"]["capacity"] <= 76500 for d in designs)
    capacity = row(rule_bounds(ROAD, items(*designs)), "Capacity: at least 75,000 people/hour")
    assert 0 < capacity["at_bound"] == expected < len(designs)


def test_counts_are_exact_and_a_maximum_of_zero_counts_only_designs_past_it() -> None:
    sharrow = road()
    sharrow["parts"][2]["variant"] = {**sharrow["parts"][2]["variant"], "car-type": "sharrow"}
    rows = rule_bounds(ROAD, items(road(), sharrow))
    mixed = row(rows, "Drive lane (sharrow): at most 0")
    assert (mixed["at_bound"], mixed["past"]) == (1, 1)
    inbound = row(rows, "Light rail (inbound): at least 1")
    assert (inbound["at_bound"], inbound["share"]) == (2, 1.0)


def test_rows_sort_by_share_then_rule_and_ignore_the_order_of_designs() -> None:
    designs = [road({"footpath-west": 1.8}), road({"traffic-west": 3.6}), road(), road()]
    rows = rule_bounds(ROAD, items(*designs))
    shuffled = items(*designs)
    random.Random(3).shuffle(shuffled)
    assert rule_bounds(ROAD, shuffled) == rows
    keys = [(-r["share"], r["rule"], r["label"]) for r in rows]
    assert keys == sorted(keys)
    assert {"capacity", "width", "light-rail-inbound", "mixed-traffic"} <= {r["rule"] for r in rows}


def test_a_two_sided_fit_is_no_bound() -> None:
    """Every valid design fills the street exactly: that says nothing about pressure."""
    assert "fit" not in {r["rule"] for r in rule_bounds(ROAD, items(road()))}


def test_no_designs_give_zero_shares() -> None:
    rows = rule_bounds(ROAD, [])
    assert rows and all(r["share"] == 0.0 and r["at_bound"] == 0 for r in rows)


def bike(choices: dict[str, str] | None = None, **parameters: float) -> dict[str, Any]:
    design = BIKE.baseline
    assert design is not None
    design["choices"].update(choices or {})
    design["parameters"].update(parameters)
    return BIKE.parse(design)


def test_configurator_metrics_and_conditional_ranges() -> None:
    designs = [
        bike(battery_wh=300),  # at the motor's 300 Wh minimum (the motor is chosen)
        bike({"motor": "none", "lights": "dynamo"}, battery_wh=0),  # the rule does not apply
        bike(battery_wh=1500),  # at the supplier's maximum
    ]
    prices = [BIKE.evaluate(d)["metrics"]["price"] for d in designs]
    rows = rule_bounds(BIKE, items(*designs))
    motor = row(rows, "Battery: at least 300 Wh")
    assert (motor["rule"], motor["at_bound"]) == ("motor-needs-battery", 1)
    assert row(rows, "Battery: at most 1,500 Wh")["at_bound"] == 1
    budget = row(rows, "Price: at most 9,000 NZD")
    assert budget["at_bound"] == sum(p >= 9000 * 0.98 for p in prices)


def test_blocking_rules_sum_days_and_put_the_most_blocking_first() -> None:
    rows = [
        {"rule": "capacity", "shown": 10, "blocked": 2, "seconds": 300},
        {"rule": "platform", "shown": 4, "blocked": 5, "seconds": 20},
        {"rule": "capacity", "shown": 6, "blocked": 4, "seconds": 100},
        {"rule": "width", "shown": 30, "blocked": 0, "seconds": 900},
    ]
    result = blocking_rules(rows, {"capacity": "Moves at least 75,000 people an hour"})
    assert result == [
        {
            "rule": "capacity",
            "label": "Moves at least 75,000 people an hour",
            "shown": 16,
            "blocked": 6,
            "seconds": 400,
        },
        {"rule": "platform", "label": "platform", "shown": 4, "blocked": 5, "seconds": 20},
        {"rule": "width", "label": "width", "shown": 30, "blocked": 0, "seconds": 900},
    ]
    assert blocking_rules([]) == []


@pytest.mark.parametrize("blocked", [0, 3])
def test_blocking_rules_break_ties_by_time_shown(blocked: int) -> None:
    rows = [
        {"rule": "a", "shown": 1, "blocked": blocked, "seconds": 5},
        {"rule": "b", "shown": 1, "blocked": blocked, "seconds": 50},
    ]
    assert [r["rule"] for r in blocking_rules(rows)] == ["b", "a"]
