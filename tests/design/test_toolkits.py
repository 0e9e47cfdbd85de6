"""Loading toolkits: schema and name errors with paths, extends, the bundled toolkits."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from cocreate.design import DesignError, ToolkitRegistry, load_bundled, load_toolkit

from .helpers import design, findings, rule, toolkit_doc

ROOT = Path(__file__).resolve().parents[2]


def load_error(doc) -> DesignError:
    with pytest.raises(DesignError) as raised:
        load_toolkit(doc)
    return raised.value


@pytest.mark.parametrize(
    ("change", "path", "says"),
    [
        (
            lambda d: d["rules"].append({"id": "x", "check": "fit", "severity": "fatal"}),
            "rules[0].severity",
            "fatal",
        ),
        (lambda d: d["parts"]["sidewalk"].update(min_width="wide"), "parts.sidewalk.min_width", ""),
        (
            lambda d: d["rules"].append(rule("count", of={"type": "tram"}, min=1)),
            "rules[0].of.type",
            'unknown type "tram"',
        ),
        (
            lambda d: d["rules"].append(rule("count", of={"group": "greens"}, min=1)),
            "rules[0].of.group",
            'unknown group "greens"',
        ),
        (
            lambda d: d["rules"].append(
                rule("count", of={"type": "drive-lane", "variant": {"direction": "up"}}, min=1)
            ),
            "rules[0].of.variant.direction",
            '"up" is not a value',
        ),
        (
            lambda d: d["rules"].append(rule("metric", metric="cost", min=1)),
            "rules[0].metric",
            'unknown metric "cost"',
        ),
        (lambda d: d["rules"].append(rule("locked", ids=["x"])), "rules[0]", "baseline"),
        (
            lambda d: d["rules"].append(rule("count", of={"type": "tree"}, min=3, max=1)),
            "rules[0].min",
            "more than max",
        ),
        (lambda d: d["rules"].extend([rule("fit"), rule("fit")]), "rules[1].id", "duplicate"),
        (
            lambda d: d["rules"].append(rule("fit", messages={"short": "x"})),
            "rules[0].messages.short",
            "has no message",
        ),
        (lambda d: d["parts"]["tree"].update(groups=["shade"]), "parts.tree.groups[0]", "shade"),
        (lambda d: d["parts"]["tree"].update(metrics={"shade": 1}), "parts.tree.metrics.shade", ""),
        (
            lambda d: d["parts"]["sidewalk"].update(default_width=1.0),
            "parts.sidewalk.default_width",
            "outside its limits",
        ),
        (
            lambda d: d["parts"]["bike-lane"]["variants"]["direction"].update(default="up"),
            "parts.bike-lane.variants.direction.default",
            '"up"',
        ),
        (lambda d: d["parts"].update(new={"label": "New"}), "parts.new.default_width", "missing"),
        (
            lambda d: d.update(baseline={"parts": [{"type": "tree", "width": "wide"}]}),
            "baseline.parts[0].width",
            "wide",
        ),
    ],
)
def test_toolkit_errors_name_the_path(change, path, says):
    doc = toolkit_doc()
    change(doc)
    error = load_error(doc)
    assert error.path == path
    assert says in str(error)
    assert str(error).startswith(path + ": ")


def test_a_toolkit_is_a_json_object():
    assert load_error([1, 2]).path == ""


# extends -------------------------------------------------------------------------------------


def parent_registry() -> ToolkitRegistry:
    parent = toolkit_doc(
        rule("fit"),
        rule("width", "warning"),
        rule("count", id="trees", of={"type": "tree"}, min=1),
        baseline=design(("sidewalk", 5.0), ("tree", 5.0)),
    )
    return ToolkitRegistry([load_toolkit(parent)])


def child(**extra):
    doc = {"id": "child", "version": 2, "kind": "section", "title": "Child", "extends": "test-kit"}
    doc.update(extra)
    return load_toolkit(doc, parent_registry())


def test_a_child_inherits_everything():
    toolkit = child()
    assert toolkit.ancestors == ("test-kit",)
    assert list(toolkit.catalog) == list(parent_registry().get("test-kit").catalog)
    assert [r.id for r in toolkit.rules] == ["unknown", "fit", "width", "trees"]
    assert toolkit.length_mm == 10_000
    assert toolkit.baseline["toolkit"] == "child"
    assert toolkit.baseline["version"] == 2
    assert toolkit.evaluate(design(("sidewalk", 10.0)))["findings"][0]["rule"] == "trees"


def test_a_child_overrides_a_rule_by_id_adds_rules_and_disables_one():
    toolkit = child(
        length=12,
        rules=[
            rule("width", "error", messages={"min": "{part} too narrow"}),
            rule("edge", both={"type": "sidewalk"}),
        ],
        disabled_rules=["trees"],
    )
    assert [(r.id, r.severity) for r in toolkit.rules] == [
        ("unknown", "error"),
        ("fit", "error"),
        ("width", "error"),
        ("edge", "error"),
    ]
    found = toolkit.evaluate(design(("sidewalk", 1.0), ("drive-lane", 11.0)))["findings"]
    assert [(f["rule"], f["message"]) for f in found][:2] == [
        ("width", "Sidewalk too narrow"),
        ("width", "The drive lane in the middle is 7.40 m wider than its 3.60 m maximum."),
    ]


def test_a_child_adds_a_part_and_overrides_a_part_field():
    toolkit = child(
        parts={
            "sidewalk": {"min_width": 2.4, "default_width": 3.0},
            "bench": {"label": "Bench", "color": "#a47a52", "default_width": 0.8},
        },
        rules=[rule("width", "warning")],
    )
    assert list(toolkit.catalog)[-1] == "bench"
    sidewalk = toolkit.catalog["sidewalk"]
    assert (sidewalk.label, sidewalk.min_width_mm, sidewalk.default_width_mm) == (
        "Sidewalk",
        2400,
        3000,
    )
    (finding,) = findings(toolkit, design(("sidewalk", 2.399), ("bench", 7.601)), "width")
    assert (
        finding["message"]
        == "The sidewalk on the left is 0.001 m narrower than its 2.40 m minimum."
    )


def test_a_child_may_remove_a_limit_with_null():
    toolkit = child(parts={"drive-lane": {"max_width": None}}, rules=[rule("width", "warning")])
    assert findings(toolkit, design(("drive-lane", 10.0)), "width") == []


def test_extension_errors():
    with pytest.raises(DesignError, match="disabled_rules\\[0\\]"):
        child(disabled_rules=["nope"])
    with pytest.raises(DesignError, match='unknown toolkit "nowhere"'):
        load_toolkit({**toolkit_doc(), "extends": "nowhere"}, parent_registry())


def test_a_child_accepts_designs_of_its_parent_but_not_of_strangers():
    toolkit = child()
    assert (
        toolkit.parse({**design(("sidewalk", 10.0)), "toolkit": "test-kit"})["toolkit"] == "child"
    )
    with pytest.raises(DesignError, match="toolkit"):
        toolkit.evaluate({**design(("sidewalk", 10.0)), "toolkit": "other"})


# registry and bundled ------------------------------------------------------------------------


def test_registry_versions_and_unknown_ids():
    one = load_toolkit(toolkit_doc())
    two = load_toolkit(toolkit_doc(version=2))
    registry = ToolkitRegistry([two, one])
    assert registry.get("test-kit") is two
    assert registry.get("test-kit", 1) is one
    assert registry.ids() == ["test-kit"]
    assert registry.versions("test-kit") == [1, 2]
    with pytest.raises(DesignError, match="no version 3"):
        registry.get("test-kit", 3)
    with pytest.raises(DesignError, match='unknown toolkit "no-such-kit"'):
        registry.get("no-such-kit")


def test_bundled_toolkits_load_once():
    assert load_bundled() is load_bundled()
    assert load_bundled().ids() == ["cargo-bike", "dominion-road", "street-section"]
    assert load_bundled().versions("street-section") == [1, 2]


def test_street_section_has_the_streetmix_catalog():
    toolkit = load_bundled().get("street-section")
    assert len(toolkit.catalog) >= 20
    colors = [p.color for p in toolkit.catalog.values()]
    assert len(set(colors)) == len(colors)
    for name in (
        "bike-lane",
        "sidewalk-tree",
        "parklet",
        "bus-lane",
        "drive-lane",
        "divider",
        "outdoor-dining",
        "parking-lane",
        "sidewalk",
        "sidewalk-bench",
        "sidewalk-lamp",
        "light-rail",
        "transit-shelter",
    ):
        assert name in toolkit.catalog
    assert toolkit.catalog["bike-lane"].variants["bike-direction"] == (
        "inbound",
        "outbound",
        "two-way",
    )
    assert toolkit.metrics["capacity"].unit == "people/hour"
    assert "TUMI/GIZ" in (toolkit.metrics["capacity"].source or "")
    baseline = toolkit.baseline
    assert len(baseline["parts"]) == 14
    assert baseline["length"] == 24.0
    assert toolkit.evaluate(baseline) == {
        "valid": True,
        "findings": [],
        "metrics": {"capacity": 48500},
    }


def test_dominion_road_baseline_is_valid_with_its_two_squeeze_warnings():
    toolkit = load_bundled().get("dominion-road")
    baseline = toolkit.baseline
    assert baseline["length"] == 21.0
    assert sum(round(p["width"] * 1000) for p in baseline["parts"]) == 21_000
    assert [p["type"] for p in baseline["parts"]] == [
        "sidewalk",
        "bike-lane",
        "drive-lane",
        "light-rail",
        "transit-shelter",
        "light-rail",
        "drive-lane",
        "bike-lane",
        "sidewalk",
    ]
    evaluation = toolkit.evaluate(baseline)
    assert evaluation["valid"] is True
    assert evaluation["metrics"] == {"capacity": 93_000}
    assert [(f["rule"], f["severity"], f["parts"]) for f in evaluation["findings"]] == [
        ("bike-traffic-buffer", "warning", [1, 2]),
        ("bike-traffic-buffer", "warning", [6, 7]),
    ]
    assert toolkit.parse(baseline) == baseline  # already normalized
    assert toolkit.baseline is not toolkit.baseline  # a copy: callers cannot corrupt the cache


@pytest.mark.parametrize(
    ("change", "rule_id"),
    [
        (lambda parts: parts.insert(0, parts.pop(1)), "sidewalks-at-edges"),
        (lambda parts: parts[3].update(type="bus-lane"), "light-rail-inbound"),
        (lambda parts: parts[5]["variant"].update(direction="inbound"), "light-rail-outbound"),
        (lambda parts: parts[4].update(type="divider", variant={}), "platform"),
        (
            lambda parts: [p.update(type="parking-lane", variant={}) for p in (parts[1], parts[7])],
            "capacity",
        ),
        (lambda parts: parts[3].update(width=3.2), "tracks-locked"),
    ],
)
def test_dominion_road_rules_fire(change, rule_id):
    toolkit = load_bundled().get("dominion-road")
    doc = toolkit.baseline
    change(doc["parts"])
    evaluation = toolkit.evaluate(doc)
    assert rule_id in {f["rule"] for f in evaluation["findings"] if f["severity"] == "error"}


def test_the_published_schema_has_one_copy_in_docs():
    package = (ROOT / "cocreate/design/toolkit.schema.json").read_text()
    assert (ROOT / "docs/toolkit.schema.json").read_text() == package
    json.loads(package)


def test_bundled_files_are_what_the_toolkits_were_compiled_from():
    doc = json.loads((ROOT / "cocreate/toolkits/dominion-road.json").read_text())
    toolkit = load_toolkit(copy.deepcopy(doc), load_bundled())
    assert toolkit.document == load_bundled().get("dominion-road").document
