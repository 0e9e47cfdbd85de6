"""Part geometry: where render_svg draws each part, so overlays line up; and badge spreading."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from cocreate.design import (
    DesignError,
    edits,
    load_bundled,
    render_svg,
    section_geometry,
    spread,
)
from cocreate.design.section.geometry import x_spans

NS = "{http://www.w3.org/2000/svg}"
ROAD = load_bundled().get("dominion-road")


def drawn_parts(toolkit, design):
    """(x, width) of each part rect in the full drawing, and the drawing's viewBox."""
    root = ET.fromstring(render_svg(toolkit, design))  # noqa: S314 - our own output
    rects = [r for r in root.iter(NS + "rect") if r.get("stroke") == "#ffffff"]
    return [(float(r.get("x")), float(r.get("width"))) for r in rects], root.get("viewBox")


@pytest.mark.parametrize(
    "design",
    [
        ROAD.baseline,
        edits.set_width(ROAD.baseline, 0, 1.6),  # room left over: parts do not fill the width
        edits.set_width(ROAD.baseline, 0, 3.5),  # overflow: the parts set the scale
    ],
    ids=["fits", "room", "overflow"],
)
def test_spans_match_the_drawing(design):
    geometry = section_geometry(ROAD, design)
    drawn, view_box = drawn_parts(ROAD, design)
    assert view_box == f"0 0 {geometry.width:g} {geometry.height:g}"
    assert len(geometry.parts) == len(drawn)
    for part, (x, width) in zip(geometry.parts, drawn, strict=True):
        assert part.x == pytest.approx(x, abs=0.051)  # the SVG prints one decimal
        assert part.width == pytest.approx(width, abs=0.051)


def test_parts_are_to_scale_left_to_right_with_labels():
    geometry = section_geometry(ROAD, ROAD.baseline)
    widths = [p["width"] for p in ROAD.baseline["parts"]]
    assert [p.index for p in geometry.parts] == list(range(len(widths)))
    assert geometry.parts[0].x == 0
    assert geometry.parts[-1].x + geometry.parts[-1].width == pytest.approx(1000)
    assert geometry.parts[1].width == pytest.approx(widths[1] / sum(widths) * 1000)
    assert geometry.parts[0].label == "Sidewalk"
    assert geometry.parts[0].mid == pytest.approx(geometry.parts[0].width / 2)
    assert geometry.frame.top < geometry.frame.bottom < geometry.height


def test_x_spans_tile_the_length_and_overflow_scales_down():
    assert x_spans([2000, 3000], 10_000) == [(0.0, 200.0), (200.0, 300.0)]
    assert x_spans([6000, 6000], 10_000) == [(0.0, 500.0), (500.0, 500.0)]
    assert x_spans([], 10_000) == []


def test_an_older_version_is_measured_migrated():
    street = load_bundled().get("street-section")
    old = street.parse(street.baseline)
    old["version"] = 1
    old["parts"][1] = {"type": "planting-strip", "width": old["parts"][1]["width"], "id": "strip"}
    part = section_geometry(street, old).parts[1]
    assert (part.type, part.label, part.id) == ("divider", "Divider", "strip")


def test_configurators_have_no_parts_and_bad_designs_are_refused():
    assert section_geometry(load_bundled().get("cargo-bike"), {"choices": {}}) is None
    with pytest.raises(DesignError):
        section_geometry(ROAD, {"parts": "none"})


def test_locate_prefers_the_id_then_falls_back_to_the_position():
    design = ROAD.baseline
    design["parts"][2]["id"] = "lane"
    geometry = section_geometry(ROAD, design)
    assert geometry.locate("lane", 0).index == 2  # the part moved: its id wins
    assert geometry.locate("gone", 4).index == 4  # the id is not in the design
    assert geometry.locate("", 1).index == 1  # written before parts had ids
    assert geometry.locate(None, 99) is None
    assert geometry.locate("gone", None) is None


def test_spread_keeps_free_badges_where_they_are():
    assert spread([100.0, 300.0, 900.0], 50, 20, 980) == [100.0, 300.0, 900.0]
    assert spread([], 50, 20, 980) == []


def test_spread_pushes_neighbours_apart_and_stays_in_bounds():
    out = spread([100.0, 110.0, 120.0], 50, 20, 980)
    assert out == [100.0, 150.0, 200.0]
    assert spread([5.0, 10.0], 50, 20, 980) == [20.0, 70.0]
    assert spread([970.0, 990.0], 50, 20, 980) == [930.0, 980.0]


def test_spread_spaces_evenly_when_they_cannot_fit():
    out = spread([500.0] * 5, 100, 0, 200)
    assert out == [0.0, 50.0, 100.0, 150.0, 200.0]
