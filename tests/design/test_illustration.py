"""The illustrated street: the shared symbol vectors, the mapping against the toolkits, label
contrast on every part colour and labels that never overlap."""

from __future__ import annotations

import json
import math
import re
from itertools import combinations
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from cocreate.design import load_bundled, render_svg
from cocreate.design.diff import render_diff_svg
from cocreate.design.illustration import data, figures, illustrate, ink, shapes
from cocreate.design.section.toolkit import SectionToolkit
from cocreate.design.svg import CHAR_EM

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests/conformance/drawing/illustrations.json").read_text())
NS = "{http://www.w3.org/2000/svg}"
SHAPE_TAGS = {"path", "rect", "circle", "ellipse"}
SHAPE_ATTRIBUTES = {"d", "x", "y", "width", "height", "rx", "cx", "cy", "r", "ry", "face"}
PAINT = {"fill", "stroke", "stroke-width", "stroke-linejoin"}


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["name"])
def test_figures_stand_where_the_vectors_say(case):
    box = case["box"]
    placed = figures(
        case["type"],
        case["variant"],
        box["x"],
        box["y"],
        box["width"],
        box["height"],
        case["per_mm"],
    )
    got = [
        {
            "symbol": f.symbol,
            "x": f.x,
            "y": f.y,
            "scale": f.scale,
            "flip": f.flip,
            "face": f.face,
            "transform": f.transform(),
        }
        for f in placed
    ]
    assert got == case["figures"]


def test_every_part_type_of_every_toolkit_has_an_illustration_and_real_variants():
    parts = data()["parts"]
    registry = load_bundled()
    for tid in registry.ids():
        for version in registry.versions(tid):
            toolkit = registry.get(tid, version)
            if not isinstance(toolkit, SectionToolkit):
                continue
            for name, entry in toolkit.catalog.items():
                assert name in parts, f"{tid}@{version}: {name} has no illustration"
                spec = parts[name]
                for axis, values in spec.get("by", {}).items():
                    assert set(values) <= set(entry.variants[axis]), (name, axis)
                if "facing" in spec:
                    assert set(entry.variants[spec["facing"]]) & set(data()["facing"]), name


def test_symbols_are_plain_shapes_with_presentation_attributes_only():
    """The drawings are inlined many times under a strict CSP: no ids, styles or links."""
    referenced = set()
    for spec in data()["parts"].values():
        lists = [spec["show"], *(v for axis in spec.get("by", {}).values() for v in axis.values())]
        for figure in (f for chosen in lists for f in chosen):
            referenced.add(figure if isinstance(figure, str) else figure["symbol"])
    assert referenced == set(data()["symbols"])  # none missing, none unused
    for name, symbol in data()["symbols"].items():
        assert 0 < symbol["width"] <= 2700 and 0 < symbol["height"] <= 3400, name
        for tag, attributes in symbol["shapes"]:
            assert tag in SHAPE_TAGS, (name, tag)
            assert set(attributes) <= SHAPE_ATTRIBUTES | PAINT, (name, attributes)
            assert attributes.get("face", "front") in {"front", "rear"}


def test_vehicles_show_headlights_from_the_front_and_tail_lights_from_the_rear():
    front = {a.get("fill") for _, a in shapes("car", "front")}
    rear = {a.get("fill") for _, a in shapes("car", "rear")}
    assert "#fff6c2" in front and "#fff6c2" not in rear
    assert "#b71c1c" in rear and "#b71c1c" not in front
    assert all("face" not in a for _, a in shapes("car", "rear"))


@pytest.mark.parametrize(
    ("part_type", "variant", "metres"),
    [
        ("sidewalk", {"sidewalk-density": "sparse"}, 0.48),
        ("bike-lane", {"bike-direction": "inbound"}, 0.6),
        ("drive-lane", {"direction": "inbound", "car-type": "car"}, 1.8),
        ("bus-lane", {"direction": "inbound"}, 2.55),
        ("light-rail", {"direction": "outbound"}, 2.65),
    ],
)
def test_symbols_are_drawn_to_scale_when_the_part_has_room(part_type, variant, metres):
    per_mm = 0.04  # a 25 m street across 1000 units
    (figure,) = figures(part_type, variant, 100.0, 0.0, 200.0, 200.0, per_mm)
    width = data()["symbols"][figure.symbol]["width"] * figure.scale
    assert width == pytest.approx(metres * 1000 * per_mm, abs=0.01)
    assert figure.x + width / 2 == pytest.approx(200.0, abs=0.01)  # centred in the part


@pytest.mark.parametrize("width", [5.0, 20.0, 37.5, 90.0])
def test_symbols_never_leave_a_narrow_part(width):
    for name in data()["parts"]:
        for f in figures(name, {}, 50.0, 10.0, width, 120.0, 0.05):
            symbol = data()["symbols"][f.symbol]
            assert f.x >= 50.0 - 0.01 and f.x + symbol["width"] * f.scale <= 50.0 + width + 0.01
            assert f.y >= 10.0 - 0.01 and f.y + symbol["height"] * f.scale <= 130.0 + 0.01


def luminance(color: str) -> float:
    """WCAG 2.2 relative luminance, computed here independently of the code under test."""

    def linear(byte: int) -> float:
        c = byte / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(color[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def part_colours() -> set[str]:
    colours = set()
    for path in (ROOT / "cocreate/toolkits").glob("*.json"):
        document = json.loads(path.read_text())
        colours |= {p["color"] for p in document.get("parts", {}).values() if "color" in p}
    registry = load_bundled()
    for tid in registry.ids():
        for version in registry.versions(tid):
            toolkit = registry.get(tid, version)
            if isinstance(toolkit, SectionToolkit):
                colours |= {p.color for p in toolkit.catalog.values()}
    return colours


def test_labels_have_at_least_4_5_to_1_contrast_on_every_part_colour():
    colours = part_colours()
    assert len(colours) >= 24
    for colour in colours:
        assert ratio(ink(colour), colour) >= 4.5, f"{ink(colour)} on {colour}"


def test_ink_picks_the_better_of_near_black_and_white():
    assert ink("#ffffff") == "#111111" and ink("#000000") == "#ffffff"
    assert ink("#4a5260") == "#ffffff"  # the drive lane: #111 would give 2.4:1


def text_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """Every text's (text, left, top, right, bottom), from its anchor, size and rotation."""
    boxes = []
    for text in ET.fromstring(svg).iter(f"{NS}text"):  # noqa: S314 - our own output
        x, y, size = float(text.get("x")), float(text.get("y")), float(text.get("font-size"))
        length, height = len(text.text) * size * CHAR_EM, size
        if text.get("text-anchor") != "middle":  # start-anchored
            x += length / 2
        if "rotate(-90" in (text.get("transform") or ""):
            length, height = height, length
        boxes.append((text.text, x - length / 2, y - height / 2, x + length / 2, y + height / 2))
    return boxes


def overlaps(a, b) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


@pytest.mark.parametrize("length", [21, 12, 30])
def test_labels_never_overlap_on_a_street_of_many_narrow_parts(length):
    toolkit = load_bundled().get("street-section")
    names = list(toolkit.catalog)
    parts = [
        {"type": names[i % len(names)], "width": w}
        for i, w in enumerate([0.3, 0.6, 1.0, 1.2, 0.4, 2.1, 0.5, 0.8, 3.3, 0.35, 1.5, 0.7] * 2)
    ]
    design = {"toolkit": "street-section", "length": length, "parts": parts}
    baseline = toolkit.baseline
    for svg in (
        render_svg(toolkit, design, toolkit.evaluate(design)),
        render_diff_svg(toolkit, baseline, design),  # compare: both designs, names and widths
    ):
        boxes = text_boxes(svg)
        assert len(boxes) > 30
        for a, b in combinations(boxes, 2):
            assert not overlaps(a, b), f"{a[0]!r} overlaps {b[0]!r}"


def test_the_dominion_road_drawing_is_illustrated_and_keeps_its_accessible_name():
    toolkit = load_bundled().get("dominion-road")
    design = toolkit.baseline
    svg = render_svg(toolkit, design, toolkit.evaluate(design))
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.get("aria-label", "").startswith("Dominion Road light rail, 21.00 m: 9 parts")
    art = [g for g in root.iter(f"{NS}g") if g.get("aria-hidden") == "true"]
    assert len(art) == 9  # every part illustrated, each group hidden from assistive tech
    assert all(g.find(f"{NS}title") is None and g.get("role") is None for g in art)
    thumbnail = render_svg(toolkit, design, compact=True)
    assert thumbnail.count('aria-hidden="true"') == 9
    # the tram tracks' trams face their direction: one rear (inbound), one front (outbound)
    trams = re.findall(r'fill="#f7f7f4"/>(.*?)</g>', svg)
    assert len(trams) == 2 and trams[0] != trams[1]


def test_illustrate_is_empty_without_figures_and_scales_each_symbol():
    assert illustrate([]) == ""
    markup = illustrate(figures("sidewalk-tree", {}, 0.0, 0.0, 60.0, 150.0, 0.04))
    assert markup.startswith('<g aria-hidden="true"><g transform="translate(')
    scale = float(re.search(r"scale\(([\d.]+)\)", markup)[1])
    assert math.isclose(scale, 60 * 0.92 / 2200, abs_tol=1e-6)  # the tree fits the pit's width
