"""Toolkit versions and migrations: old designs open on the current version, migrated."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from cocreate.design import DesignError, ToolkitRegistry, load_bundled, load_toolkit, render_svg

from .helpers import toolkit_doc

VECTORS = Path(__file__).resolve().parents[1] / "conformance" / "migrations.json"
CASES = json.loads(VECTORS.read_text(encoding="utf-8"))


def _compiled(toolkit):
    return load_bundled().get(toolkit) if isinstance(toolkit, str) else load_toolkit(toolkit)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_migration_vector(case):
    toolkit = _compiled(case["toolkit"])
    before = copy.deepcopy(case["design"])
    migrated, notices = toolkit.migrate(case["design"])
    assert migrated == case["migrated"]
    assert notices == case["notices"]
    assert toolkit.evaluate(case["design"]) == case["expected"]
    assert case["design"] == before  # never changed in place


def test_vectors_cover_every_step_and_both_kinds():
    ops = {n["op"] for case in CASES for n in case["notices"]}
    assert ops == {"upgrade", "rename", "merge", "set_default", "convert_units"}
    kinds = {_compiled(case["toolkit"]).kind for case in CASES}
    assert kinds == {"section", "configurator"}
    assert len({case["name"] for case in CASES}) == len(CASES)


# street-section version 2 ----------------------------------------------------------------


def legacy_v1_design():
    base = load_bundled().get("street-section", 1).baseline
    parts = base["parts"]
    parts[6] = {"type": "median", "width": 0.9}
    parts[9] = {"type": "planting-strip", "width": 1.2}
    return base


def test_a_design_saved_on_version_1_opens_on_version_2_renamed_and_current():
    design = legacy_v1_design()
    v1, v2 = load_bundled().get("street-section", 1), load_bundled().get("street-section")
    assert v2.version == 2
    old = v1.evaluate(design)
    assert not old["valid"]
    assert [f["parts"] for f in old["findings"]] == [[6], [9]]  # unknown on version 1
    migrated, notices = v2.migrate(design)
    assert migrated["version"] == 2
    assert migrated["parts"][6] == {
        "type": "divider",
        "width": 0.9,
        "variant": {"divider-type": "median"},
    }
    assert migrated["parts"][9]["variant"] == {"divider-type": "planting-strip"}
    assert [n["op"] for n in notices] == ["upgrade", "merge"]
    assert notices[0]["message"] == "Saved on version 1 of Street section; opened on version 2."
    assert v2.evaluate(design) == {"valid": True, "findings": [], "metrics": {"capacity": 48500}}
    parsed = v2.parse(design)
    assert parsed["version"] == 2
    assert [p["type"] for p in parsed["parts"]].count("divider") == 2
    assert "Divider" in render_svg(v2, design)


def test_a_current_design_is_returned_as_a_copy_without_notices():
    toolkit = load_bundled().get("street-section")
    design = toolkit.baseline
    migrated, notices = toolkit.migrate(design)
    assert migrated == design and migrated is not design and notices == []


def test_both_versions_stay_in_the_registry_and_dominion_road_pins_version_1():
    registry = load_bundled()
    assert registry.versions("street-section") == [1, 2]
    dominion = registry.get("dominion-road")
    assert dominion.ancestors == ("street-section",)
    baseline = dominion.baseline
    assert dominion.evaluate(baseline)["findings"][0]["rule"] == "bike-traffic-buffer"
    for name in (
        "sidewalk", "bike-lane", "drive-lane", "light-rail", "transit-shelter", "divider",
        "parking-lane", "sidewalk-tree", "sidewalk-bench", "sidewalk-lamp", "parklet",
        "bus-lane", "outdoor-dining",
    ):  # fmt: skip
        assert name in dominion.catalog
        assert name in registry.get("street-section").catalog


def test_a_toolkit_without_migrations_still_upgrades_the_version():
    one = load_toolkit(toolkit_doc())
    two = load_toolkit(toolkit_doc(version=2))
    design = {"toolkit": "test-kit", "version": 1, "parts": [{"type": "sidewalk", "width": 10.0}]}
    migrated, notices = two.migrate(design)
    assert migrated["version"] == 2
    assert [n["op"] for n in notices] == ["upgrade"]
    assert one.migrate(design) == (design, [])


def test_non_designs_and_bad_versions_are_design_errors():
    toolkit = load_bundled().get("street-section")
    for bad, path in (
        ([], ""),
        ({"toolkit": "street-section", "version": 0, "parts": []}, "version"),
        ({"toolkit": "street-section", "version": 3, "parts": []}, "version"),
        ({"toolkit": "street-section", "version": 1, "parts": "none"}, "parts"),
        ({"toolkit": "elsewhere", "version": 1, "parts": []}, "toolkit"),
    ):
        with pytest.raises(DesignError) as raised:
            toolkit.migrate(bad)
        assert raised.value.path == path


def test_odd_parts_survive_migration_for_the_reader_to_judge():
    toolkit = load_bundled().get("street-section")
    design = {"toolkit": "street-section", "version": 1, "parts": [{"type": 7}, "x"]}
    migrated, _notices = toolkit.migrate(design)
    assert migrated["parts"] == [{"type": 7}, "x"]
    with pytest.raises(DesignError, match=r"parts\[0\]\.type"):
        toolkit.evaluate(design)


# extends with a version ------------------------------------------------------------------


def test_extends_may_pin_a_version():
    one = load_toolkit(toolkit_doc())
    two_doc = toolkit_doc(version=2)
    two_doc["parts"]["street-tree"] = two_doc["parts"].pop("tree")
    two_doc["migrations"] = [
        {"version": 2, "steps": [{"op": "rename", "type": "tree", "to": "street-tree"}]}
    ]
    two = load_toolkit(two_doc)
    registry = ToolkitRegistry([one, two])
    child = {"id": "child", "version": 1, "kind": "section", "title": "Child"}
    assert "tree" in load_toolkit({**child, "extends": "test-kit@1"}, registry).catalog
    latest = load_toolkit({**child, "extends": "test-kit"}, registry)
    assert "street-tree" in latest.catalog
    assert "migrations" not in latest.document  # a toolkit's migrations are its own
    with pytest.raises(DesignError, match="no version 3"):
        load_toolkit({**child, "extends": "test-kit@3"}, registry)


# bad declarations ------------------------------------------------------------------------


def with_steps(*steps, version=2, **extra):
    doc = toolkit_doc(version=version, **extra)
    doc["migrations"] = [{"version": 2, "steps": list(steps)}]
    return doc


@pytest.mark.parametrize(
    ("doc", "path", "says"),
    [
        (
            with_steps({"op": "rename", "type": "x", "to": "tram"}),
            "migrations[0].steps[0].to",
            'unknown type "tram"',
        ),
        (with_steps({"op": "rename", "type": "x"}), "migrations[0].steps[0]", "needs"),
        (with_steps({"op": "rename", "to": "tree"}), "migrations[0].steps[0].type", "missing"),
        (
            with_steps(
                {
                    "op": "rename",
                    "type": "x",
                    "to": "bike-lane",
                    "values": {"direction": {"up": "north"}},
                }
            ),
            "migrations[0].steps[0].values.direction.up",
            '"north" is not a value',
        ),
        (
            with_steps(
                {"op": "rename", "type": "x", "to": "bike-lane", "axes": {"dir": "heading"}}
            ),
            "migrations[0].steps[0].axes.dir",
            "heading",
        ),
        (
            with_steps(
                {"op": "merge", "types": ["a", "b"], "to": "divider", "variants": {"c": {}}}
            ),
            "migrations[0].steps[0].variants.c",
            "not one of the merged types",
        ),
        (
            with_steps(
                {
                    "op": "merge",
                    "types": ["a"],
                    "to": "drive-lane",
                    "variants": {"a": {"direction": "up"}},
                }
            ),
            "migrations[0].steps[0].variants.a.direction",
            '"up" is not a value',
        ),
        (
            with_steps({"op": "set_default", "type": "bike-lane", "value": {"colour": "red"}}),
            "migrations[0].steps[0].value.colour",
            "no variant",
        ),
        (
            with_steps({"op": "set_default", "field": "length", "value": -3}),
            "migrations[0].steps[0].value",
            "metres",
        ),
        (
            with_steps({"op": "set_default", "value": {"direction": "inbound"}}),
            "migrations[0].steps[0].type",
            "missing",
        ),
        (with_steps({"op": "convert_units", "factor": 0}), "migrations[0].steps[0].factor", ""),
        (
            with_steps({"op": "convert_units", "factor": 2, "parameter": "speed"}),
            "migrations[0].steps[0].parameter",
            "part types",
        ),
        (with_steps({"op": "fly"}), "migrations[0].steps[0].op", "fly"),
        (
            with_steps({"op": "rename", "type": "a", "to": "tree"}, version=1),
            "migrations[0].version",
            "after this toolkit's 1",
        ),
        (
            {
                **toolkit_doc(version=3),
                "migrations": [{"version": 3, "steps": []}, {"version": 2, "steps": []}],
            },
            "migrations[1].version",
            "must be more than 3",
        ),
    ],
)
def test_bad_migrations_are_load_errors_naming_the_path(doc, path, says):
    with pytest.raises(DesignError) as raised:
        load_toolkit(doc)
    assert raised.value.path == path
    assert says in raised.value.detail


def test_a_name_renamed_again_later_need_not_exist_now():
    doc = toolkit_doc(version=3)
    doc["migrations"] = [
        {"version": 2, "steps": [{"op": "rename", "type": "old-tree", "to": "mid-tree"}]},
        {"version": 3, "steps": [{"op": "rename", "type": "mid-tree", "to": "tree"}]},
    ]
    toolkit = load_toolkit(doc)
    design = {"toolkit": "test-kit", "version": 1, "parts": [{"type": "old-tree", "width": 10}]}
    assert toolkit.parse(design)["parts"] == [{"type": "tree", "width": 10.0}]


def test_the_bundled_version_2_file_is_version_1_plus_its_migration():
    root = Path(__file__).resolve().parents[2] / "cocreate" / "toolkits"
    one = json.loads((root / "street-section.json").read_text())
    two = json.loads((root / "street-section-2.json").read_text())
    for key in ("parts", "rules", "groups", "metrics", "length"):
        assert one[key] == two[key]
    assert two["migrations"][0]["steps"][0]["op"] == "merge"


def test_null_choices_or_parameters_in_an_older_design_read_as_missing():
    from cocreate.design import load_toolkit

    base = load_bundled().get("cargo-bike").document
    v2 = {
        **base,
        "version": 2,
        "migrations": [
            {"version": 2, "steps": [{"op": "set_default", "option": "frame", "value": "trike"}]}
        ],
    }
    toolkit = load_toolkit(v2)
    migrated, _notices = toolkit.migrate({"toolkit": "cargo-bike", "version": 1, "choices": None})
    assert migrated["choices"] == {"frame": "trike"}
    for key in ("choices", "parameters"):
        design = {"toolkit": "cargo-bike", "version": 1, key: None}
        assert toolkit.evaluate(design)["metrics"]["price"] > 0
