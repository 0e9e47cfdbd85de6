"""Quick fixes (cocreate.design.fixes): every fix offered on any design removes its finding,
adds no finding and leaves locked parts alone; sides follow the centre line."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreate.design import DesignError, load_bundled
from cocreate.design.fixes import apply_fix, quick_fixes

from ..helpers import design, kit

REGISTRY = load_bundled()
DOMINION = REGISTRY.get("dominion-road")
STREET = REGISTRY.get("street-section")
TRACKS = {p["id"]: p for p in DOMINION.baseline["parts"] if p.get("id", "").endswith("track")}


@st.composite
def designs(draw: Any) -> tuple[Any, dict[str, Any]]:
    """A design of Dominion Road (its locked tracks mostly kept, so a fix could break them) or of
    the street section: parts of any type at widths around their defaults."""
    toolkit = draw(st.sampled_from([DOMINION, STREET]))
    types = [*toolkit.catalog, *["bike-lane", "drive-lane", "divider"] * 4]  # neighbours to split
    parts = []
    for _ in range(draw(st.integers(1, 9))):
        part_type = draw(st.sampled_from(types))
        entry = toolkit.catalog[part_type]
        width = entry.default_width_mm + 100 * draw(st.integers(-8, 8))
        part: dict[str, Any] = {"type": part_type, "width": max(100, width) / 1000}
        for axis, values in entry.variants.items():
            if draw(st.booleans()):
                part.setdefault("variant", {})[axis] = draw(st.sampled_from(values))
        parts.append(part)
    if toolkit is DOMINION:
        for track in TRACKS.values():
            if draw(st.integers(0, 4)):  # now and then a track is missing: count and locked
                parts.insert(draw(st.integers(0, len(parts))), dict(track))
    return toolkit, {"toolkit": toolkit.id, "length": toolkit.length_mm / 1000, "parts": parts}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs())
def test_a_fix_removes_its_finding_adds_none_and_keeps_locked_parts(case):
    toolkit, doc = case
    before = toolkit.evaluate(doc)
    offered = quick_fixes(toolkit, doc, before)
    assert len(offered) == len(before["findings"])
    was = Counter(f["rule"] for f in before["findings"])
    errors_before = Counter(f["rule"] for f in before["findings"] if f["severity"] == "error")
    for finding, fixes in zip(before["findings"], offered, strict=True):
        for fix in fixes:
            fixed = apply_fix(toolkit, doc, fix)
            after = toolkit.evaluate(fixed)
            now = Counter(f["rule"] for f in after["findings"])
            assert now[finding["rule"]] < was[finding["rule"]], fix
            assert all(now[rule] <= was[rule] for rule in now), fix
            errors = Counter(f["rule"] for f in after["findings"] if f["severity"] == "error")
            assert all(errors[rule] <= errors_before[rule] for rule in errors), fix
            kept = {p["id"]: (p["type"], p["width"]) for p in fixed["parts"] if "id" in p}
            assert kept == {p["id"]: (p["type"], p["width"]) for p in doc["parts"] if "id" in p}
            assert fixed is not doc and doc == case[1]


def test_fixes_say_what_they_do():
    doc = DOMINION.baseline
    doc["parts"][0]["width"] = 2.5  # the west footpath 0.40 m too wide: the street overflows
    evaluation = DOMINION.evaluate(doc)
    fit = next(i for i, f in enumerate(evaluation["findings"]) if f["rule"] == "fit")
    (fix,) = quick_fixes(DOMINION, doc, evaluation)[fit]
    assert fix["label"] == "Take 0.40 m from the left sidewalk"
    fixed = apply_fix(DOMINION, doc, fix)
    assert fixed["parts"][0]["width"] == 2.1
    assert "fit" not in {f["rule"] for f in DOMINION.evaluate(fixed)["findings"]}


def test_no_fix_takes_width_from_a_locked_part():
    doc = DOMINION.baseline
    doc["parts"] = [p for p in doc["parts"] if p["type"] != "transit-shelter"]
    doc["parts"].insert(
        4, {"type": "light-rail", "width": 3.0, "variant": {"direction": "inbound"}}
    )
    doc["parts"][0]["width"] = 2.2  # 0.60 m over; only the tracks and the new rail could spare it
    evaluation = DOMINION.evaluate(doc)
    for fixes in quick_fixes(DOMINION, doc, evaluation):
        for fix in fixes:
            touched = {e["index"] for e in fix["edits"] if e["op"] == "set_width"}
            assert not touched & {3, 5}, fix  # the locked tracks


def test_sides_follow_the_centre_line():
    toolkit = kit(
        {
            "id": "width",
            "check": "width",
            "severity": "warning",
            "limits": [{"of": {"type": "tree"}, "min": 9}],
        }
    )
    found = toolkit.evaluate(design(("tree", 5.0), ("tree", 0.5), ("tree", 4.5)))["findings"]
    assert [f["message"].split(" is ")[0] for f in found] == [
        "The tree on the left",  # ends on the centre line
        "The tree on the right",  # starts on it
        "The tree on the right",
    ]
    found = toolkit.evaluate(design(("tree", 4.999), ("tree", 0.5), ("tree", 4.501)))["findings"]
    assert found[1]["message"].startswith("The tree in the middle ")  # spans it


def test_a_configurator_offers_no_fixes():
    toolkit = REGISTRY.get("cargo-bike")
    doc = toolkit.baseline or {"toolkit": "cargo-bike"}
    evaluation = toolkit.evaluate(doc)
    assert quick_fixes(toolkit, doc, evaluation) == [[] for _f in evaluation["findings"]]


def test_an_unknown_edit_is_a_design_error():
    with pytest.raises(DesignError, match='edits: a quick fix has no edit "remove_all"'):
        apply_fix(
            DOMINION, DOMINION.baseline, {"label": "?", "edits": [{"op": "remove_all", "index": 0}]}
        )
