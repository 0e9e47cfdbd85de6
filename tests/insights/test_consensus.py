"""The consensus design (``cocreate.insights.analysis.consensus``): always passes the rules,
starts from the largest school's medoid, repairs with the engine's quick fixes."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate.insights.analysis.consensus import allocation_design, consensus_design
from cocreate.insights.analysis.designs import Item
from cocreate.insights.analysis.schools import find_schools
from tests.insights.test_schools import TOOLKIT, planted_items


def errors(design: dict[str, Any]) -> list[str]:
    return [f["rule"] for f in TOOLKIT.evaluate(design)["findings"] if f["severity"] == "error"]


def test_a_valid_medoid_of_the_largest_school_is_the_consensus() -> None:
    items, truth = planted_items(30, seed=2)
    bikes = [item for item in items if truth[item.id] == "bikes"]
    others = [item for item in items if truth[item.id] != "bikes"][:20]
    schools = find_schools(TOOLKIT, bikes + others)
    medoid = next(item for item in bikes if item.id == schools[0]["medoid"])
    assert not errors(medoid.design)
    result = consensus_design(TOOLKIT, bikes + others, schools, {})
    assert result == {
        "design": medoid.design,
        "valid": True,
        "source": "school",
        "metrics": TOOLKIT.evaluate(medoid.design)["metrics"],
    }


def test_an_invalid_medoid_is_repaired_with_quick_fixes() -> None:
    design = TOOLKIT.baseline or {}
    design["parts"][0]["width"] = 1.2  # a footpath below its minimum; the street 0.9 m short
    assert errors(design)
    items = [Item("a", TOOLKIT.parse(design))]
    result = consensus_design(TOOLKIT, items, [{"medoid": "a"}], {})
    assert result["source"] == "school" and not errors(result["design"])
    assert result["design"]["parts"][0]["width"] >= 1.8  # widened, not replaced
    assert [p["type"] for p in result["design"]["parts"]] == [p["type"] for p in design["parts"]]


def test_without_a_repairable_medoid_the_allocation_is_laid_out_in_the_baselines_order() -> None:
    broken = TOOLKIT.baseline or {}
    broken["parts"] = [p for p in broken["parts"] if p["type"] != "light-rail"]  # unfixable
    items = [Item("a", TOOLKIT.parse(broken))]
    allocation = {
        "sidewalk": 5.0,
        "bike-lane": 4.0,
        "light-rail": 6.0,
        "transit-shelter": 2.4,
        "drive-lane": 0.0,
        "sidewalk-tree": 3.6,
    }
    result = consensus_design(TOOLKIT, items, [{"medoid": "a"}], allocation)
    assert result["source"] == "allocation" and not errors(result["design"])
    types = [p["type"] for p in result["design"]["parts"]]
    assert "drive-lane" not in types and "sidewalk-tree" in types
    assert types[0] == types[-1] == "sidewalk"
    widths: dict[str, float] = {}
    for part in result["design"]["parts"]:
        widths[part["type"]] = round(widths.get(part["type"], 0) + part["width"], 3)
    assert widths == {t: m for t, m in allocation.items() if m}


def test_allocation_layout_sums_to_the_allocation_to_the_millimetre() -> None:
    allocation = {
        "sidewalk": 4.001,
        "bike-lane": 3.333,
        "light-rail": 6.0,
        "transit-shelter": 2.4,
        "drive-lane": 5.266,
    }
    design = allocation_design(TOOLKIT, allocation)
    assert isinstance(design, dict)
    total = sum(round(p["width"] * 1000) for p in design["parts"])
    assert total == 21_000
    assert allocation_design(TOOLKIT, {}) is None


def test_the_baseline_when_nothing_else_passes() -> None:
    broken = TOOLKIT.baseline or {}
    broken["parts"] = [p for p in broken["parts"] if p["type"] != "light-rail"]
    items = [Item("a", TOOLKIT.parse(broken))]
    result = consensus_design(TOOLKIT, items, [{"medoid": "a"}], {"drive-lane": 21.0})
    assert result["source"] == "baseline" and result["design"] == TOOLKIT.baseline


PLANTED, _TRUTH = planted_items(6, seed=11)
TYPES = [
    "sidewalk",
    "bike-lane",
    "drive-lane",
    "divider",
    "parking-lane",
    "sidewalk-tree",
    "light-rail",
    "bus-lane",
    "transit-shelter",
]


@st.composite
def perturbed(draw: st.DrawFn) -> dict[str, Any]:
    """A planted design, then widths changed, parts dropped, added or swapped: often invalid."""
    design = draw(st.sampled_from(PLANTED)).design
    parts = [dict(p) for p in design["parts"]]
    rng = random.Random(draw(st.integers(0, 10**6)))
    for _edit in range(draw(st.integers(0, 6))):
        what = rng.choice(["width", "drop", "add", "swap"])
        i = rng.randrange(len(parts))
        if what == "width":
            parts[i]["width"] = round(rng.uniform(0.3, 5.0), 2)
        elif what == "drop" and len(parts) > 1:
            parts.pop(i)
        elif what == "add":
            parts.insert(i, {"type": rng.choice(TYPES), "width": round(rng.uniform(0.5, 4), 1)})
        elif what == "swap" and i + 1 < len(parts):
            parts[i], parts[i + 1] = parts[i + 1], parts[i]
    return TOOLKIT.parse({**design, "parts": parts})


@settings(max_examples=25, deadline=None)
@given(
    st.lists(perturbed(), min_size=1, max_size=8),
    st.dictionaries(st.sampled_from(TYPES), st.floats(0, 8).map(lambda m: round(m, 3)), max_size=6),
)
def test_the_consensus_always_passes_the_rules(designs, allocation) -> None:
    items = [Item(f"d{n}", design) for n, design in enumerate(designs)]
    schools = find_schools(TOOLKIT, items)
    result = consensus_design(TOOLKIT, items, schools, allocation)
    assert result["valid"] is True
    assert not errors(result["design"])
    assert result["source"] in ("school", "allocation", "baseline")


def test_a_toolkit_without_a_valid_design_says_so() -> None:
    from cocreate.design.registry import load_toolkit

    document = TOOLKIT.document
    document["id"] = document["baseline"]["toolkit"] = "no-valid-design"
    document["rules"] = [
        *document["rules"],
        {
            "id": "never",
            "check": "count",
            "severity": "error",
            "of": {"type": "sidewalk"},
            "max": 0,
        },
    ]
    toolkit = load_toolkit(document)
    with pytest.raises(ValueError, match="no design that passes"):
        consensus_design(toolkit, [], [], {})
