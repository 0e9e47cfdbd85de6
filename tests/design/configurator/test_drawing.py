"""The drawing of a configured cargo bike (design/configurator/drawing.py and its JS twin)."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cocreate.design import edits, load_bundled, render_svg
from cocreate.design.configurator.drawing import drawing_for, scene
from cocreate.design.diff import render_diff_svg

TOOLKIT = load_bundled().get("cargo-bike")
DRAWING_JS = (
    Path(__file__).resolve().parents[3] / "cocreate/static/cocreate/design/configurator/drawing.js"
)


def bike(**changes: object) -> dict:
    design = TOOLKIT.baseline
    for name, value in changes.items():
        if name in TOOLKIT.parameters:
            design = edits.set_parameter(TOOLKIT, design, name, value)
        else:
            design = edits.set_choice(TOOLKIT, design, name, value)
    return design


def keys(design: dict) -> list[str]:
    drawn = scene(
        drawing_for("cargo-bike"), TOOLKIT.document, design["choices"], design["parameters"]
    )
    return [shape["key"] for shape in drawn["shapes"]]


def test_the_drawing_shows_what_is_chosen():
    baseline = keys(bike())
    assert "mid-drive-0" in baseline and "hub-motor-0" not in baseline
    assert "rack-0" in baseline and "box-0" not in baseline
    assert [k for k in baseline if k.startswith("children-0-")] == ["children-0-0", "children-0-1"]
    assert "battery-0-0" in baseline and "battery-0-1" not in baseline  # 500 Wh: one battery
    front_box = keys(bike(frame="front-box", cargo="canopy-box", motor="hub", battery_wh=1000))
    assert {"frame-box-0", "box-0", "canopy-0", "hub-motor-0", "battery-0-1"} <= set(front_box)
    assert "frame-long-0" not in front_box and "mid-drive-0" not in front_box
    no_motor = keys(bike(motor="none", battery_wh=0, child_seats=0, lights="dynamo"))
    assert not any(k.startswith(("battery", "children", "cable")) for k in no_motor)
    assert "dynamo-0" in no_motor
    trike = keys(bike(frame="trike"))
    assert "far-wheel-0" in trike and "far-wheel-0" not in baseline


def test_the_server_card_draws_the_bike_with_an_accessible_name():
    design = bike(frame="front-box", cargo="open-box", wheels="26-inch")
    evaluation = TOOLKIT.evaluate(design)
    for compact in (False, True):
        svg = render_svg(TOOLKIT, design, evaluation, compact=compact)
        assert (
            'aria-label="Co-op cargo bike: Frame Front-loader (bakfiets), Cargo space Open box'
            in svg
        )
        assert "1 error" in svg  # the 26 inch wheel under the box
        assert svg != render_svg(TOOLKIT, bike(), TOOLKIT.evaluate(bike()), compact=compact)
    assert "Front wheel" in render_svg(TOOLKIT, design, evaluation)  # the rows beside the bike


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_word_on_the_card_and_the_diff_reads_at_4_5_to_1():
    design = bike(frame="trike", motor="hub", wheels="26-inch")  # errors and warnings
    svgs = [
        render_svg(TOOLKIT, design, TOOLKIT.evaluate(design), compact=compact)
        for compact in (False, True)
    ]
    svgs.append(render_diff_svg(TOOLKIT, TOOLKIT.baseline, design))
    inks = {ink for svg in svgs for ink in re.findall(r'<text [^>]*fill="(#[0-9a-f]{6})"', svg)}
    assert len(inks) >= 4  # words in several inks, findings among them
    for ink in inks:
        for paper in ("#ffffff", "#f6f8fa"):  # the card and its striped rows
            ratio = (luminance(paper) + 0.05) / (luminance(ink) + 0.05)
            assert ratio >= 4.5, (ink, paper, ratio)


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs the browser's twin")
def test_the_browser_twin_builds_the_same_scene():
    values = {oid: list(option.values) for oid, option in TOOLKIT.options.items()}
    designs = [
        bike(frame=frame, cargo=cargo, child_seats=seats, battery_wh=wh)
        for (frame, cargo), seats, wh in zip(
            itertools.product(values["frame"], values["cargo"]),
            itertools.cycle([0, 1, 2, 3, 4]),
            itertools.cycle([0, 350, 750, 1450]),
            strict=False,
        )
    ]
    for oid, choices in values.items():
        designs += [bike(**{oid: value}) for value in choices]
    stored = bike()  # the keys as jsonb sorts them, and an unknown option
    stored["choices"] = dict(sorted(stored["choices"].items(), key=lambda kv: (len(kv[0]), kv[0])))
    stored["choices"]["colour"] = "red"
    designs.append(stored)
    script = (
        f"import {{ drawingFor, scene }} from {json.dumps(DRAWING_JS.as_uri())};\n"
        "let input = ''; for await (const chunk of process.stdin) input += chunk;\n"
        "const { document, designs } = JSON.parse(input);\n"
        "console.log(JSON.stringify(designs.map((d) =>"
        " scene(drawingFor('cargo-bike'), document, d.choices, d.parameters))));"
    )
    result = subprocess.run(
        ["node", "--no-warnings", "--input-type=module", "-e", script],
        input=json.dumps({"document": TOOLKIT.document, "designs": designs}),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    python = [
        scene(drawing_for("cargo-bike"), TOOLKIT.document, d["choices"], d["parameters"])
        for d in designs
    ]
    assert json.loads(result.stdout) == python
