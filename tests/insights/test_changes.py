"""Item 1: what proposals change against the baseline, counted by hand on Dominion Road."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate.design import load_bundled
from cocreate.insights.analysis.changes import CLASSES, changes
from cocreate.insights.analysis.designs import Item, read_designs

ROAD = load_bundled().get("dominion-road")
BIKE = load_bundled().get("cargo-bike")


def road(edit: Any = None) -> dict[str, Any]:
    """The Dominion Road baseline, changed by ``edit(parts)`` (which may return new parts)."""
    design = ROAD.baseline
    assert design is not None
    if edit is not None:
        design["parts"] = edit(design["parts"]) or design["parts"]
    return design


def swap_west(parts: list[dict[str, Any]]) -> None:
    parts[1], parts[2] = parts[2], parts[1]  # the bike lane and the traffic lane trade places


def bus_for_cars(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**p, "type": "bus-lane", "variant": {}} if p["type"] == "drive-lane" else p for p in parts
    ]


def no_bikes(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = [p for p in parts if p["type"] != "bike-lane"]
    kept[0]["width"] += 1.5
    kept[-1]["width"] += 1.5
    return kept


def read(*designs: dict[str, Any], supports: tuple[float, ...] = ()) -> list[Item]:
    raw = [Item(str(i), d, supports[i] if supports else 1.0) for i, d in enumerate(designs)]
    items, problems = read_designs(ROAD, raw)
    assert problems == []
    return items


def shares(result: dict[str, Any], part_type: str) -> dict[str, float]:
    return {key: result["changes"][part_type][key] for key in CLASSES}


def test_the_baseline_itself_changes_nothing() -> None:
    result = changes(ROAD, read(road(), road()))
    assert set(result["changes"]) == {
        "sidewalk",
        "bike-lane",
        "drive-lane",
        "light-rail",
        "transit-shelter",
    }
    for part_type in result["changes"]:
        assert set(shares(result, part_type).values()) == {0.0}


def test_four_designs_counted_by_hand() -> None:
    # 1 swaps the west bike and traffic lanes, 2 turns both traffic lanes into bus lanes,
    # 3 drops the bike lanes for wider footpaths, 4 is the baseline.
    result = changes(ROAD, read(road(swap_west), road(bus_for_cars), road(no_bikes), road()))
    assert shares(result, "bike-lane") == {
        "added": 0,
        "removed": 0.25,
        "wider": 0,
        "narrower": 0,
        "moved": 0.25,
    }
    assert shares(result, "drive-lane") == {
        "added": 0,
        "removed": 0.25,
        "wider": 0,
        "narrower": 0,
        "moved": 0.25,
    }
    assert shares(result, "bus-lane") == {
        "added": 0.25,
        "removed": 0,
        "wider": 0,
        "narrower": 0,
        "moved": 0,
    }
    assert shares(result, "sidewalk") == {
        "added": 0,
        "removed": 0,
        "wider": 0.25,
        "narrower": 0,
        "moved": 0,
    }
    assert result["changes"]["bus-lane"]["label"] == ROAD.catalog["bus-lane"].label
    # removing the bike lanes shifts every part after them, but nothing else moved
    assert shares(result, "light-rail") == dict.fromkeys(CLASSES, 0.0)


def test_support_weights_each_design() -> None:
    result = changes(ROAD, read(road(bus_for_cars), road(), road(), supports=(6, 1, 1)))
    assert result["changes"]["bus-lane"]["added"] == round(1 / 3, 4)
    assert result["changes"]["bus-lane"]["weighted"]["added"] == 0.75
    assert result["changes"]["drive-lane"]["weighted"]["removed"] == 0.75


def test_a_millimetre_is_no_change_two_are() -> None:
    def widen(mm: int) -> Any:
        def edit(parts: list[dict[str, Any]]) -> None:
            parts[0]["width"] = round(parts[0]["width"] + mm / 1000, 3)
            parts[1]["width"] = round(parts[1]["width"] - mm / 1000, 3)

        return edit

    result = changes(ROAD, read(road(widen(1)), road(widen(2))))
    assert result["changes"]["sidewalk"]["wider"] == 0.5
    assert result["changes"]["bike-lane"]["narrower"] == 0.5


def test_width_distribution_of_the_designs_that_have_the_type() -> None:
    def bike_lanes(width: float) -> Any:
        def edit(parts: list[dict[str, Any]]) -> None:
            parts[1]["width"] = width  # the west one; the east one stays 1.5 m

        return edit

    designs = [road(bike_lanes(w)) for w in (1.5, 2.0, 2.5, 3.0)] + [road(no_bikes)]
    widths = changes(ROAD, read(*designs))["changes"]["bike-lane"]["widths"]
    # totals 3.0, 3.5, 4.0, 4.5 m (the design without bike lanes is not among them)
    assert (widths["q1"], widths["median"], widths["q3"]) == (3.375, 3.75, 4.125)
    assert widths["histogram"]["edges"][0] == 3.0 and widths["histogram"]["edges"][-1] == 4.5
    assert len(widths["histogram"]["edges"]) == 9
    assert sum(widths["histogram"]["counts"]) == 4


def test_a_type_no_design_has_has_no_widths() -> None:
    widths = changes(ROAD, read(road(no_bikes)))["changes"]["bike-lane"]["widths"]
    assert widths == {
        "q1": None,
        "median": None,
        "q3": None,
        "histogram": {"edges": [], "counts": []},
    }


def test_a_challenge_baseline_replaces_the_toolkits() -> None:
    result = changes(ROAD, read(road(no_bikes), road()), baseline=road(no_bikes))
    assert shares(result, "bike-lane")["added"] == 0.5
    assert shares(result, "sidewalk")["narrower"] == 0.5


def test_configurator_options_and_parameters() -> None:
    base = BIKE.baseline
    assert base is not None
    box = copy.deepcopy(base)
    box["choices"]["frame"] = "front-box"
    box["parameters"]["battery_wh"] = 1000
    raw = [Item("a", base, 1), Item("b", box, 3), Item("c", copy.deepcopy(box), 0)]
    result = changes(BIKE, read_designs(BIKE, raw)[0])
    assert result["changes"] == {}
    frame = result["options"]["frame"]
    assert frame["label"] == "Frame"
    assert list(frame["values"]) == list(BIKE.options["frame"].values)
    assert frame["values"]["front-box"]["share"] == round(2 / 3, 4)
    assert frame["values"]["front-box"]["weighted"] == 0.75
    assert frame["values"]["trike"] == {
        "label": BIKE.options["frame"].values["trike"].label,
        "share": 0.0,
        "weighted": 0.0,
    }
    battery = result["parameters"]["battery_wh"]
    assert (battery["unit"], battery["q1"], battery["median"], battery["q3"]) == (
        "Wh",
        750.0,
        1000.0,
        1000.0,
    )
    assert sum(battery["histogram"]["counts"]) == 3


EDITS = [None, swap_west, bus_for_cars, no_bikes]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(range(4)), st.integers(0, 9)), min_size=1, max_size=12),
    st.randoms(),
)
def test_shares_ignore_order_and_stay_in_range(picks: list[tuple[int, int]], rnd: Any) -> None:
    items = read(*(road(EDITS[e]) for e, _ in picks), supports=tuple(s for _, s in picks))
    result = changes(ROAD, items)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert changes(ROAD, shuffled) == result
    for entry in result["changes"].values():
        for figures in (entry, entry["weighted"]):
            assert all(0 <= figures[key] <= 1 for key in CLASSES)
            assert sum(figures[key] for key in CLASSES) <= 1.0001  # at most one class per design


def test_no_designs_no_shares() -> None:
    result = changes(ROAD, [])
    assert all(
        v["added"] == 0 and v["widths"]["median"] is None for v in result["changes"].values()
    )


@pytest.mark.parametrize(
    "bad", [{"toolkit": "dominion-road", "parts": "none"}, {"toolkit": "cargo-bike"}]
)
def test_read_designs_names_the_item_and_skips_it(bad: dict[str, Any]) -> None:
    items, problems = read_designs(ROAD, [Item("ok", road()), Item("p-9", bad)])
    assert [i.id for i in items] == ["ok"]
    assert len(problems) == 1 and problems[0].startswith("p-9: ")


def test_read_designs_migrates_to_the_toolkits_version() -> None:
    street = load_bundled().get("street-section")
    old = {"toolkit": "street-section", "version": 1, "parts": [{"type": "sidewalk", "width": 24}]}
    items, problems = read_designs(street, [Item("old", old, 2.0)])
    assert problems == []
    assert items == [Item("old", street.parse(old), 2.0)]
    assert items[0].design["version"] == street.version == 2
