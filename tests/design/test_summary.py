"""The one-line change summary: hand-worked cases on the bundled toolkits."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cocreate.design import DesignError, load_bundled
from cocreate.design.summary import MAX_CHARS, SAME, change_summary, plural, summarize

REGISTRY = load_bundled()
ROAD = REGISTRY.get("dominion-road")
BIKE = REGISTRY.get("cargo-bike")


def road() -> dict[str, Any]:
    """Dominion Road's proposed design: sidewalk 2.1, bike lane 1.5, drive lane 2.7, light rail
    3.0, transit shelter 2.4, light rail 3.0, drive lane 2.7, bike lane 1.5, sidewalk 2.1."""
    assert ROAD.baseline is not None
    return copy.deepcopy(ROAD.baseline)


def bike() -> dict[str, Any]:
    assert BIKE.baseline is not None
    return copy.deepcopy(BIKE.baseline)


def test_nothing_changed_says_so():
    assert change_summary(ROAD, road(), road()) == SAME
    assert change_summary(BIKE, bike(), bike()) == SAME


def test_added_and_removed_parts_by_type_counted_when_more_than_one():
    design = road()
    del design["parts"][6]  # the second drive lane (2.7 m)...
    design["parts"][5:5] = [
        {"type": "sidewalk-tree", "width": 0.9},
        {"type": "sidewalk-tree", "width": 0.9},
    ]
    design["parts"].insert(0, {"type": "sidewalk-bench", "width": 0.9})  # ...given to these
    assert change_summary(ROAD, road(), design) == "+2 Trees, +Bench, \u2212Drive lane"


def test_widths_are_summed_per_family_and_named_by_type_when_one_type_changed():
    design = road()
    design["parts"][0]["width"] = 2.7  # sidewalk +0.6
    design["parts"][8]["width"] = 2.7  # sidewalk +0.6
    design["parts"][2]["width"] = 2.1  # drive lane -0.6
    design["parts"][6]["width"] = 2.1  # drive lane -0.6
    assert (
        change_summary(ROAD, road(), design)
        == "Sidewalks +1.2\u00a0m, drive lanes \u22121.2\u00a0m"
    )


def test_a_family_whose_total_stayed_the_same_is_said_resized_after_the_others():
    design = road()
    design["parts"][0]["width"] = 2.6  # sidewalk +0.5 (footway)
    design["parts"][8]["width"] = 1.6  # sidewalk -0.5 (footway): the footway nets to zero
    design["parts"][4]["width"] = 2.2  # transit shelter -0.2 (transit)
    design["parts"][3]["width"] = 3.2  # light rail +0.2 (transit): nets to zero too
    design["parts"][1]["width"] = 1.8  # bike lane +0.3
    design["parts"][2]["width"] = 2.4  # drive lane -0.3
    assert change_summary(ROAD, road(), design) == (
        "Bike lane +0.3\u00a0m, drive lane \u22120.3\u00a0m, sidewalks resized,"
        " public transport resized"
    )
    design["parts"][3]["width"] = 3.0  # light rail back: transit is the shelter's -0.2 alone
    design["parts"][0]["width"] = 2.1
    design["parts"][8]["width"] = 2.1
    design["parts"][1]["width"] = 1.5
    design["parts"][2]["width"] = 2.9  # drive lane +0.2, given by the shelter
    assert (
        change_summary(ROAD, road(), design)
        == "Drive lane +0.2\u00a0m, transit shelter \u22120.2\u00a0m"
    )


def test_families_with_several_types_are_named_by_their_group():
    design = road()
    design["parts"][3]["width"] = 3.3  # light rail +0.3 (transit)
    design["parts"][4]["width"] = 2.6  # transit shelter +0.2 (transit)
    design["parts"][2]["width"] = 2.2  # drive lane -0.5
    assert (
        change_summary(ROAD, road(), design)
        == "Drive lane \u22120.5\u00a0m, public transport +0.5\u00a0m"
    )


def test_moved_parts():
    design = road()
    parts = design["parts"]
    parts[1], parts[2] = parts[2], parts[1]  # the left bike lane and drive lane swap
    # The pairs in a's order have b indexes [2, 1]: one of them stays, the earliest kept run is
    # the drive lane's, so the bike lane is the one that moved.
    assert change_summary(ROAD, road(), design) == "Bike lane moved"


def test_retyped_and_variant_changes():
    design = road()
    design["parts"][2]["type"] = "bus-lane"  # the same part (its id), now a bus lane
    design["parts"][1]["variant"] = {**design["parts"][1].get("variant", {}), "bike-asphalt": "red"}
    assert change_summary(ROAD, road(), design) == "Drive lane \u2192 bus lane, Bike lane: red"


def test_long_summaries_are_cut_with_a_count_of_the_rest():
    design = road()
    for part, width in zip(
        design["parts"], [2.0, 1.6, 2.6, 3.1, 2.3, 3.1, 2.6, 1.6, 2.1], strict=True
    ):
        part["width"] = width
    design["parts"][4]["type"] = "sidewalk-bench"
    design["parts"].insert(0, {"type": "sidewalk-tree", "width": 0.6})
    design["parts"][-1]["width"] = 1.5
    summary = change_summary(ROAD, road(), design)
    assert len(summary) <= MAX_CHARS
    assert summary.startswith("+Tree, Transit shelter \u2192 bench, footway \u22120.8\u00a0m, ")
    assert summary.endswith(" more")


def test_configurator_choices_then_parameters():
    design = bike()
    design["choices"]["motor"] = "none"
    design["parameters"]["child_seats"] = 3
    design["parameters"]["battery_wh"] = 750
    assert (
        change_summary(BIKE, bike(), design)
        == "Motor: No motor, battery +250\u00a0Wh, +1\u00a0seat"
    )
    design["parameters"]["child_seats"] = 0
    assert change_summary(BIKE, bike(), design).endswith(", \u22122\u00a0seats")


def test_not_a_design_of_the_toolkit_raises_design_error():
    with pytest.raises(DesignError):
        change_summary(ROAD, road(), {"toolkit": "cargo-bike", "choices": {}})


@pytest.mark.parametrize(
    ("label", "many"),
    [("Tree", "Trees"), ("Bus", "Buses"), ("Utility", "Utilities"), ("Utilities", "Utilities"),
     ("Bike lane", "Bike lanes"), ("Bench", "Benches"), ("Bikeway", "Bikeways")],
)  # fmt: skip
def test_plural(label, many):
    assert plural(label) == many


def test_an_item_too_long_on_its_own_is_cut():
    long = {"label": "Paint", "to_label": "Deep " * 30}
    short = {"label": "Bell", "to_label": "Loud"}
    diff = {"same": False, "kind": "configurator", "choices": [long, short], "parameters": []}
    summary = summarize(BIKE, diff)
    assert len(summary) == MAX_CHARS
    assert summary.startswith("Paint: Deep Deep ") and summary.endswith("\u2026, +1 more")
