"""The designs report: items 1-4 in the result shape, with progress per step."""

from __future__ import annotations

import copy

from cocreate.design import load_bundled
from cocreate.insights.analysis.allocation import allocation
from cocreate.insights.analysis.changes import changes
from cocreate.insights.analysis.designs import Item, read_designs
from cocreate.insights.analysis.report import designs_report

ROAD = load_bundled().get("dominion-road")


def crowd() -> list[Item]:
    """Twelve designs: the baseline, wider footpaths, bus lanes for traffic lanes."""
    base = ROAD.baseline
    assert base is not None
    wide = copy.deepcopy(base)
    wide["parts"][0]["width"] = 2.6
    wide["parts"][2]["width"] = 2.2
    bus = copy.deepcopy(base)
    for part in bus["parts"]:
        if part["type"] == "drive-lane":
            part["type"], part["variant"] = "bus-lane", {}
    designs = [base, wide, bus] * 4
    items, problems = read_designs(
        ROAD, [Item(f"p-{i:02}", d, i % 3) for i, d in enumerate(designs)]
    )
    assert problems == []
    return items


def test_the_whole_report_in_the_result_shape() -> None:
    items = crowd()
    steps: list[tuple[str, float]] = []
    result = designs_report(ROAD, items, lambda step, share: steps.append((step, share)))
    assert [s for s, _ in steps] == [
        "changes",
        "allocation",
        "schools",
        "consensus",
        "bounds",
        "done",
    ]
    assert [share for _, share in steps] == sorted(share for _, share in steps) and steps[-1][
        1
    ] == 1.0
    assert result["count"] == 12 and result["kind"] == "section"
    assert {k: result[k] for k in ("changes", "options", "parameters")} == changes(ROAD, items)
    assert {k: result[k] for k in ("allocation", "medians")} == allocation(ROAD, items)
    assert set(result) == {
        "count",
        "kind",
        "changes",
        "options",
        "parameters",
        "allocation",
        "medians",
        "consensus",
        "schools",
        "bounds",
    }
    assert ROAD.evaluate(result["consensus"]["design"])["valid"] is True
    assert sorted(m for s in result["schools"] for m in s["members"]) == [i.id for i in items]
    assert isinstance(result["bounds"], list)
