"""Kind configurator: options, parameters, metrics and the requires/excludes/range checks."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from cocreate.design import DesignError, edits, load_bundled, load_toolkit, render_svg

VECTORS = Path(__file__).resolve().parents[2] / "conformance" / "configurator.json"
CASES = json.loads(VECTORS.read_text(encoding="utf-8"))
BIKE = next(case["toolkit"] for case in CASES if isinstance(case["toolkit"], dict))


def bike(**changes):
    doc = copy.deepcopy(BIKE)
    doc.update(changes)
    return doc


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_configurator_vector(case):
    toolkit = case["toolkit"]
    compiled = load_bundled().get(toolkit) if isinstance(toolkit, str) else load_toolkit(toolkit)
    assert compiled.evaluate(case["design"]) == case["expected"]


def test_vectors_cover_every_configurator_check_and_severity():
    findings = [f for case in CASES for f in case["expected"]["findings"]]
    assert {f["check"] for f in findings} == {"requires", "excludes", "range", "metric", "unknown"}
    assert {f["severity"] for f in findings} == {"error", "warning", "info"}
    assert all(isinstance(p, str) for f in findings for p in f["parts"])
    assert len(CASES) >= 20


def test_the_cargo_bike_toolkit():
    toolkit = load_bundled().get("cargo-bike")
    assert toolkit.kind == "configurator"
    assert toolkit.catalog == {} and toolkit.length_mm is None
    assert list(toolkit.options) == [
        "frame",
        "cargo",
        "motor",
        "wheels",
        "brakes",
        "gears",
        "lights",
    ]
    assert list(toolkit.parameters) == ["battery_wh", "child_seats"]
    assert toolkit.metrics["price"].unit == "NZD"
    assert toolkit.metrics["range"].unit == "km"
    assert {r.check for r in toolkit.rules} == {
        "unknown",
        "range",
        "requires",
        "excludes",
        "metric",
    }
    baseline = toolkit.baseline
    assert toolkit.evaluate(baseline) == {
        "valid": True,
        "findings": [],
        "metrics": {"price": 7180, "range": 45, "weight": 42},
    }
    assert toolkit.parse(baseline) == baseline
    doc = toolkit.document
    assert doc["kind"] == "configurator" and "options" in doc


def test_parse_completes_defaults_and_keeps_unknown_entries_last():
    toolkit = load_toolkit(bike())
    parsed = toolkit.parse(
        {"choices": {"colour": "red", "motor": "hub"}, "parameters": {"battery": 500.0, "x": 1.5}}
    )
    assert parsed == {
        "toolkit": "conformance-bike",
        "version": 1,
        "choices": {"frame": "long-tail", "motor": "hub", "brakes": "disc", "colour": "red"},
        "parameters": {"battery": 500, "load": 0, "x": 1.5},
    }
    assert list(parsed["choices"]) == ["frame", "motor", "brakes", "colour"]


@pytest.mark.parametrize(
    ("design", "path"),
    [
        ("bike", ""),
        ({"choices": []}, "choices"),
        ({"choices": {"frame": 3}}, "choices.frame"),
        ({"choices": {"frame": ""}}, "choices.frame"),
        ({"parameters": {"battery": "big"}}, "parameters.battery"),
        ({"parameters": {"battery": True}}, "parameters.battery"),
        ({"parameters": {"battery": float("nan")}}, "parameters.battery"),
        ({"toolkit": "street-section"}, "toolkit"),
        ({"version": 2}, "version"),
    ],
)
def test_shape_errors_name_the_path(design, path):
    toolkit = load_toolkit(bike())
    with pytest.raises(DesignError) as raised:
        toolkit.evaluate(design)
    assert raised.value.path == path


@pytest.mark.parametrize(
    ("change", "path", "says"),
    [
        (
            lambda d: d["rules"].append({"id": "x", "check": "fit", "severity": "error"}),
            "rules[8].check",
            "fit",
        ),
        (
            lambda d: d["rules"].append(
                {
                    "id": "x",
                    "check": "requires",
                    "severity": "error",
                    "if": {"colour": "red"},
                    "then": {"frame": "long-tail"},
                }
            ),
            "rules[8].if.colour",
            'unknown option "colour"',
        ),
        (
            lambda d: d["rules"].append(
                {
                    "id": "x",
                    "check": "excludes",
                    "severity": "error",
                    "a": {"frame": "tandem"},
                    "b": {"motor": "hub"},
                }
            ),
            "rules[8].a.frame",
            '"tandem" is not a value of Frame',
        ),
        (
            lambda d: d["rules"].append(
                {"id": "x", "check": "range", "severity": "error", "parameter": "speed", "max": 1}
            ),
            "rules[8].parameter",
            'unknown parameter "speed"',
        ),
        (
            lambda d: d["rules"].append(
                {"id": "x", "check": "range", "severity": "error", "max": 1}
            ),
            "rules[8].parameter",
            "need a parameter",
        ),
        (
            lambda d: d["rules"].append(
                {
                    "id": "x",
                    "check": "range",
                    "severity": "error",
                    "parameter": "load",
                    "min": 5,
                    "max": 1,
                }
            ),
            "rules[8].min",
            "more than max",
        ),
        (
            lambda d: d["rules"].append(
                {"id": "x", "check": "metric", "severity": "error", "metric": "speed", "max": 1}
            ),
            "rules[8].metric",
            'unknown metric "speed"',
        ),
        (
            lambda d: d["options"]["frame"].update(default="tandem"),
            "options.frame.default",
            "not one of",
        ),
        (
            lambda d: d["options"]["frame"]["values"]["long-tail"].update(metrics={"cost": 1}),
            "options.frame.values.long-tail.metrics.cost",
            'unknown metric "cost"',
        ),
        (
            lambda d: d["options"].update(extra={"label": "Extra"}),
            "options.extra.values",
            "missing",
        ),
        (
            lambda d: d["parameters"]["battery"].update(default=425),
            "parameters.battery.default",
            "steps of 50",
        ),
        (
            lambda d: d["parameters"]["battery"].update(min=2000),
            "parameters.battery.min",
            "more than max",
        ),
        (
            lambda d: d["parameters"].update(frame={"label": "F", "unit": "x", "min": 0, "max": 1}),
            "parameters.frame",
            "already an option",
        ),
        (lambda d: d.update(parts={"x": {"label": "X", "default_width": 1}}), "parts", "not parts"),
        (
            lambda d: d["baseline"]["choices"].update(frame=1),
            "baseline.choices.frame",
            "value name",
        ),
    ],
)
def test_load_errors_name_the_path(change, path, says):
    doc = bike()
    change(doc)
    with pytest.raises(DesignError) as raised:
        load_toolkit(doc)
    assert raised.value.path == path
    assert says in raised.value.detail


def test_a_section_toolkit_may_not_declare_options():
    doc = {"id": "s", "version": 1, "kind": "section", "title": "S", "options": {}}
    with pytest.raises(DesignError, match="options"):
        load_toolkit(doc)


def test_an_extension_adds_an_option_value_and_tightens_a_parameter():
    parent = load_toolkit(bike())
    from cocreate.design import ToolkitRegistry

    child = load_toolkit(
        {
            "id": "club-bike",
            "version": 1,
            "kind": "configurator",
            "title": "Club bike",
            "extends": "conformance-bike",
            "options": {
                "frame": {"values": {"trike": {"label": "Trike", "metrics": {"price": 2000}}}}
            },
            "parameters": {"battery": {"max": 600}},
            "disabled_rules": ["range"],
        },
        ToolkitRegistry([parent]),
    )
    assert list(child.options["frame"].values) == ["long-tail", "front-box", "trike"]
    assert child.parameters["battery"].max == 600
    result = child.evaluate(
        {
            "toolkit": "conformance-bike",
            "choices": {"frame": "trike"},
            "parameters": {"battery": 650},
        }
    )
    assert [f["rule"] for f in result["findings"]] == ["declared", "budget"]
    assert result["metrics"]["price"] == 2000 + 900 + 100 + 975


def test_edits_set_choices_and_parameters_without_changing_the_input():
    toolkit = load_bundled().get("cargo-bike")
    design = toolkit.baseline
    before = copy.deepcopy(design)
    changed = edits.set_choice(toolkit, design, "motor", "none")
    changed = edits.set_parameter(toolkit, changed, "battery_wh", 0.0)
    assert design == before
    assert changed["choices"]["motor"] == "none"
    assert changed["parameters"]["battery_wh"] == 0
    assert toolkit.evaluate(changed)["valid"] is False  # e-bike lights need a motor
    assert edits.set_choice(toolkit, {"toolkit": "cargo-bike"}, "frame", "trike")["choices"] == {
        "frame": "trike"
    }
    with pytest.raises(DesignError, match="not an option"):
        edits.set_choice(toolkit, design, "colour", "red")
    with pytest.raises(DesignError, match="not one of"):
        edits.set_choice(toolkit, design, "motor", "turbo")
    with pytest.raises(DesignError, match="not a parameter"):
        edits.set_parameter(toolkit, design, "speed", 3)
    with pytest.raises(DesignError, match="expected a number"):
        edits.set_parameter(toolkit, design, "battery_wh", "lots")
    with pytest.raises(DesignError):
        edits.set_choice(toolkit, {"choices": []}, "motor", "none")


def test_the_card_lists_options_and_metrics_and_marks_findings():
    toolkit = load_bundled().get("cargo-bike")
    design = edits.set_choice(toolkit, toolkit.baseline, "gears", "cvt")
    design = edits.set_choice(toolkit, design, "motor", "hub")
    evaluation = toolkit.evaluate(design)
    svg = render_svg(toolkit, design, evaluation)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "Frame" in svg and "Long-tail" in svg and "500 Wh" in svg
    assert "NZD" in svg and "Range (km)" in svg
    assert "#c62828" in svg  # the excluded pair is marked as an error
    assert " id=" not in svg and "<style" not in svg
    assert render_svg(toolkit, design, evaluation) == svg
    compact = render_svg(toolkit, design, evaluation, compact=True)
    assert len(compact) < len(svg) and ">Frame<" not in compact  # the drawing, the totals
    hostile = {"choices": {"<b>": "&"}, "parameters": {}}
    assert "<b>" not in render_svg(toolkit, hostile)
    assert "&lt;b&gt;" in render_svg(toolkit, hostile)
    with pytest.raises(DesignError):
        render_svg(toolkit, {"choices": 3})


def test_rules_list_the_implicit_unknown_rule_first():
    toolkit = load_toolkit(bike())
    assert [r.id for r in toolkit.rules][:2] == ["unknown", "declared"]
