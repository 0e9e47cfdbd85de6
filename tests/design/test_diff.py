"""The pure design diff: every kind of change, matching by id and by alignment, metric and finding
deltas, configurators, migrations, the drawing, and robustness."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate.design import DesignError, load_bundled
from cocreate.design.diff import diff_designs, render_diff_svg
from cocreate.design.svg import CHANGE_COLORS

REGISTRY = load_bundled()
ROAD = REGISTRY.get("dominion-road")
BIKE = REGISTRY.get("cargo-bike")


def road() -> dict[str, Any]:
    design = ROAD.baseline
    assert design is not None
    return design


def without_ids(design: dict[str, Any]) -> dict[str, Any]:
    design = copy.deepcopy(design)
    for part in design["parts"]:
        part.pop("id", None)
    return design


def kinds(diff: dict[str, Any]) -> list[tuple[Any, Any, list[str]]]:
    return [(row["a"], row["b"], row["changes"]) for row in diff["parts"]]


@pytest.mark.parametrize("strip", [False, True], ids=["ids", "no-ids"])
def test_same_design_is_the_same(strip):
    a = without_ids(road()) if strip else road()
    diff = diff_designs(ROAD, a, copy.deepcopy(a))
    assert diff["same"] is True
    assert diff["parts"] == [] and diff["findings"] == {"added": [], "removed": []}
    assert all(row["delta"] == 0 for row in diff["metrics"])
    assert len(diff["pairs"]) == len(a["parts"])


@pytest.mark.parametrize("strip", [False, True], ids=["ids", "no-ids"])
def test_added_part(strip):
    a = without_ids(road()) if strip else road()
    b = copy.deepcopy(a)
    b["parts"].insert(2, {"type": "divider", "width": 0.6})
    diff = diff_designs(ROAD, a, b)
    assert diff["added"] == [2] and diff["removed"] == []
    assert kinds(diff) == [(None, 2, ["added"])]
    assert diff["parts"][0]["label"] == "Divider" and diff["parts"][0]["width_b_mm"] == 600
    assert diff["same"] is False


@pytest.mark.parametrize("strip", [False, True], ids=["ids", "no-ids"])
def test_removed_part(strip):
    a = without_ids(road()) if strip else road()
    b = copy.deepcopy(a)
    del b["parts"][2]  # the western drive lane
    diff = diff_designs(ROAD, a, b)
    assert diff["removed"] == [2] and diff["added"] == []
    assert kinds(diff) == [(2, None, ["removed"])]
    assert diff["parts"][0]["delta_mm"] == -2700


@pytest.mark.parametrize("strip", [False, True], ids=["ids", "no-ids"])
def test_resized_part(strip):
    a = without_ids(road()) if strip else road()
    b = copy.deepcopy(a)
    b["parts"][0]["width"] = 2.5
    diff = diff_designs(ROAD, a, b)
    assert diff["resized"] == [[0, 0]]
    row = diff["parts"][0]
    assert row["changes"] == ["resized"]
    assert (row["width_a_mm"], row["width_b_mm"], row["delta_mm"]) == (2100, 2500, 400)


def test_moved_part_is_matched_by_id():
    a = road()
    b = copy.deepcopy(a)
    b["parts"].insert(0, b["parts"].pop(2))  # the drive lane to the front
    diff = diff_designs(ROAD, a, b)
    assert diff["moved"] == [[2, 0]]
    assert diff["added"] == [] and diff["removed"] == []
    assert kinds(diff) == [(2, 0, ["moved"])]
    assert diff["parts"][0]["id"] == "traffic-west"


def test_a_move_without_ids_is_a_removal_and_an_addition():
    """Alignment cannot tell a moved part from one removed and another added."""
    a = without_ids(road())
    b = copy.deepcopy(a)
    b["parts"].insert(0, b["parts"].pop(2))
    diff = diff_designs(ROAD, a, b)
    assert diff["moved"] == []
    assert diff["added"] == [0] and diff["removed"] == [2]


def test_ids_beat_alignment():
    """Two same-typed parts swapped: by id they moved; without ids nothing changed."""
    a = road()
    light_rails = [i for i, p in enumerate(a["parts"]) if p["type"] == "light-rail"]
    b = copy.deepcopy(a)
    i, j = light_rails
    b["parts"][i], b["parts"][j] = b["parts"][j], b["parts"][i]
    by_id = diff_designs(ROAD, a, b)
    assert [i, j] in by_id["moved"] or [j, i] in by_id["moved"]
    assert by_id["added"] == [] and by_id["removed"] == []
    assert by_id["variants"] == []  # each kept its own variant
    plain = diff_designs(ROAD, without_ids(a), without_ids(b))
    assert plain["moved"] == []
    assert plain["variants"] == [[i, i], [j, j]]  # paired by position: directions swapped


def test_different_ids_never_pair():
    a = road()
    b = copy.deepcopy(a)
    b["parts"][0]["id"] = "footpath-new"
    diff = diff_designs(ROAD, a, b)
    assert diff["removed"] == [0] and diff["added"] == [0]


def test_a_part_that_lost_its_id_still_pairs_by_type():
    a = road()
    b = copy.deepcopy(a)
    del b["parts"][0]["id"]
    diff = diff_designs(ROAD, a, b)
    assert diff["same"] is True


def test_variant_change():
    a = road()
    b = copy.deepcopy(a)
    b["parts"][2]["variant"]["car-type"] = "truck"
    diff = diff_designs(ROAD, a, b)
    assert diff["variants"] == [[2, 2]]
    assert diff["parts"][0]["variants"] == [{"axis": "car-type", "from": "car", "to": "truck"}]
    assert diff["parts"][0]["changes"] == ["variant"]


def test_retyped_part_keeps_its_id():
    a = road()
    b = copy.deepcopy(a)
    b["parts"][2] = {"type": "bus-lane", "width": 2.7, "id": "traffic-west"}
    diff = diff_designs(ROAD, a, b)
    assert diff["retyped"] == [[2, 2]]
    row = diff["parts"][0]
    assert row["type_a"] == "drive-lane" and row["type"] == "bus-lane"
    assert "retyped" in row["changes"]


def test_several_changes_on_one_part_and_drawing_order():
    a = road()
    b = copy.deepcopy(a)
    b["parts"].insert(0, b["parts"].pop(2))
    b["parts"][0]["width"] = 3.2
    del b["parts"][5]
    b["parts"].append({"type": "divider", "width": 0.5})
    diff = diff_designs(ROAD, a, b)
    assert diff["parts"][0]["changes"] == ["moved", "resized"]
    order = [row["b"] if row["b"] is not None else row["a"] for row in diff["parts"]]
    assert [row["changes"][0] for row in diff["parts"]] == ["moved", "removed", "added"]
    assert order[0] == 0


def test_length_change_is_a_change():
    a = road()
    b = copy.deepcopy(a)
    b["length"] = 22
    diff = diff_designs(ROAD, a, b)
    assert diff["length"] == {"a_mm": 21000, "b_mm": 22000}
    assert diff["parts"] == [] and diff["same"] is False


def test_metric_deltas_are_b_minus_a_with_units():
    a = road()
    b = copy.deepcopy(a)
    del b["parts"][2]  # a drive lane: 1,500 people/hour fewer
    diff = diff_designs(ROAD, a, b)
    (row,) = diff["metrics"]
    assert row["metric"] == "capacity" and row["unit"] == "people/hour"
    assert row["delta"] == row["b"] - row["a"] == -1500


def test_finding_deltas_by_rule_and_message():
    a = road()
    b = copy.deepcopy(a)
    b["parts"][0]["width"] = 1.0  # too narrow, and the street no longer fills
    diff = diff_designs(ROAD, a, b)
    added = {(f["rule"], f["severity"]) for f in diff["findings"]["added"]}
    assert ("fit", "error") in added and ("width", "warning") in added
    back = diff_designs(ROAD, b, a)
    assert {(f["rule"], f["message"]) for f in back["findings"]["removed"]} == {
        (f["rule"], f["message"]) for f in diff["findings"]["added"]
    }
    assert back["findings"]["added"] == []


def test_older_versions_are_migrated_before_comparing():
    v1 = REGISTRY.get("street-section", 1)
    v2 = REGISTRY.get("street-section", 2)
    old = v1.parse(v1.baseline)
    old["parts"].insert(1, {"type": "median", "width": 1.2})
    new = v2.parse(copy.deepcopy(old))  # the median became a divider
    assert any(p["type"] == "divider" for p in new["parts"])
    assert diff_designs(v2, old, new)["same"] is True


def test_configurator_choices_parameters_metrics_findings():
    a = BIKE.parse({})
    b = copy.deepcopy(a)
    b["choices"]["frame"] = "trike"
    b["parameters"]["battery_wh"] = 750
    diff = diff_designs(BIKE, a, b)
    assert diff["kind"] == "configurator"
    assert diff["choices"] == [
        {
            "option": "frame",
            "label": "Frame",
            "from": "long-tail",
            "to": "trike",
            "from_label": "Long-tail",
            "to_label": "Three-wheeler",
        }
    ]
    (param,) = diff["parameters"]
    assert (param["parameter"], param["from"], param["to"], param["delta"]) == (
        "battery_wh",
        500,
        750,
        250,
    )
    deltas = {row["metric"]: row["delta"] for row in diff["metrics"]}
    assert deltas["weight"] == 15.5 and deltas["price"] > 0
    assert [f["rule"] for f in diff["findings"]["added"]] == ["weight"]
    assert diff_designs(BIKE, a, a)["same"] is True
    svg = render_diff_svg(BIKE, a, b, diff)
    assert svg.startswith("<svg") and "Three-wheeler" in svg and "Long-tail" in svg


def test_diff_svg_outlines_each_kind_without_ids_or_styles():
    a = road()
    b = copy.deepcopy(a)
    b["parts"].insert(0, b["parts"].pop(2))  # moved
    b["parts"][1]["width"] = 2.5  # resized (the footpath)
    del b["parts"][4]  # removed
    b["parts"].append({"type": "divider", "width": 0.4})  # added
    b["parts"][3]["variant"]["public-transit-asphalt"] = "grass"  # variant
    diff = diff_designs(ROAD, a, b)
    svg = render_diff_svg(ROAD, a, b, diff, labels=("Before", "After"), summary="What changed")
    for kind in ("added", "removed", "resized", "moved", "variant"):
        assert f'stroke="{CHANGE_COLORS[kind]}"' in svg, kind
    assert "Before" in svg and "After" in svg and 'aria-label="What changed"' in svg
    assert " id=" not in svg and "style" not in svg and "<script" not in svg
    assert render_diff_svg(ROAD, a, b) == render_diff_svg(ROAD, a, b)  # deterministic


def test_same_scale_for_both_designs():
    """A 21 m street is drawn half as wide as a 42 m one."""
    a = road()
    b = copy.deepcopy(a)
    b["length"] = 42
    svg = render_diff_svg(ROAD, a, b)
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="151.0" fill="#f6f8fa"', svg)]
    assert len(widths) == 2 and abs(widths[0] * 2 - widths[1]) < 3


def test_non_designs_raise_design_error_naming_the_side():
    with pytest.raises(DesignError) as error:
        diff_designs(ROAD, road(), {"parts": "nope"})
    assert str(error.value).startswith("b.parts")
    with pytest.raises(DesignError) as error:
        diff_designs(ROAD, 7, road())
    assert error.value.path == "a"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values, st.booleans())
@settings(max_examples=200, deadline=None)
def test_arbitrary_json_raises_only_design_error(document, first):
    pair = (document, road()) if first else (road(), document)
    for toolkit in (ROAD, BIKE):
        try:
            diff = diff_designs(toolkit, *pair)
        except DesignError:
            continue
        render_diff_svg(toolkit, *pair, diff)


parts = st.lists(
    st.builds(
        lambda t, w, tag: {"type": t, "width": w, **({"id": tag} if tag else {})},
        st.sampled_from(["sidewalk", "bike-lane", "drive-lane", "light-rail", "divider"]),
        st.sampled_from([0.5, 1.5, 2.7, 3.0]),
        st.sampled_from([None, "x", "y", "z"]),
    ),
    max_size=12,
).map(lambda ps: _unique_ids(ps))


def _unique_ids(ps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    for p in ps:
        if p.get("id") in seen:
            del p["id"]
        elif "id" in p:
            seen.add(p["id"])
    return ps


@given(parts, parts)
@settings(max_examples=200, deadline=None)
def test_diff_of_a_design_with_itself_is_empty_and_every_part_is_accounted_for(pa, pb):
    a = {"toolkit": "dominion-road", "length": 21, "parts": pa}
    b = {"toolkit": "dominion-road", "length": 21, "parts": pb}
    assert diff_designs(ROAD, a, copy.deepcopy(a))["same"] is True
    diff = diff_designs(ROAD, a, b)
    paired_a = {i for i, _ in diff["pairs"]}
    paired_b = {j for _, j in diff["pairs"]}
    assert paired_a.isdisjoint(diff["removed"]) and paired_b.isdisjoint(diff["added"])
    assert len(paired_a) + len(diff["removed"]) == len(pa)
    assert len(paired_b) + len(diff["added"]) == len(pb)
    assert diff == diff_designs(ROAD, a, b)  # deterministic
