"""The drawing: well-formed, to scale, marked, accessible, CSP-safe, deterministic."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cocreate.design import edits, load_bundled, render_svg

NS = "{http://www.w3.org/2000/svg}"
TOOLKIT = load_bundled().get("dominion-road")


def draw(design, *, compact=False, evaluate=True):
    evaluation = TOOLKIT.evaluate(design) if evaluate else None
    svg = render_svg(TOOLKIT, design, evaluation, compact=compact)
    return svg, ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it well-formed


def part_rects(root):
    return [r for r in root.iter(NS + "rect") if r.get("stroke") == "#ffffff"]


def test_parts_are_drawn_to_scale_with_labels():
    design = TOOLKIT.baseline
    _svg, root = draw(design)
    assert root.get("role") == "img"
    assert "Dominion Road" in root.get("aria-label")
    rects = part_rects(root)
    assert len(rects) == len(design["parts"])
    widths = [float(r.get("width")) for r in rects]
    assert abs(sum(widths) - 1000) < 1
    for rect, part in zip(rects, design["parts"], strict=True):
        assert abs(float(rect.get("width")) - part["width"] / 21 * 1000) < 0.1
    texts = [t.text for t in root.iter(NS + "text")]
    assert "Light rail" in texts
    assert "3.00 m" in texts
    assert "21.00 m" in texts


def test_findings_are_marked_by_severity():
    _svg, root = draw(TOOLKIT.baseline)
    warnings = [r for r in root.iter(NS + "rect") if r.get("stroke") == "#e08a00"]
    assert len(warnings) == 4  # bike and drive lane on each side
    broken = edits.set_type(TOOLKIT, TOOLKIT.baseline, 4, "divider")
    _svg, root = draw(broken)
    assert [r for r in root.iter(NS + "rect") if r.get("stroke") == "#c62828"]


def test_room_is_dashed_and_overflow_is_red():
    short = edits.set_width(TOOLKIT.baseline, 0, 1.6)
    svg, root = draw(short)
    assert "0.50 m free" in svg
    assert 'stroke-dasharray="8 6"' in svg
    assert "0.50 m left empty" in root.get("aria-label")
    wide = edits.set_width(TOOLKIT.baseline, 0, 2.6)
    svg, root = draw(wide)
    assert "0.50 m over" in svg
    assert 'fill-opacity="0.35"' in svg
    assert abs(sum(float(r.get("width")) for r in part_rects(root)) - 1000) < 1


def test_compact_has_no_text_and_is_smaller():
    full, _ = draw(TOOLKIT.baseline)
    small, root = draw(TOOLKIT.baseline, compact=True)
    assert "<text" not in small
    assert len(small) < len(full)
    assert root.get("aria-label")


def test_text_is_escaped_and_there_are_no_ids_or_styles():
    design = TOOLKIT.baseline
    design["parts"][2]["type"] = '<script>"&'
    svg, root = draw(design)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert " id=" not in svg
    assert "style" not in svg
    assert root.get("viewBox") == "0 0 1000 290"


def test_deterministic_and_works_without_an_evaluation():
    assert draw(TOOLKIT.baseline)[0] == draw(TOOLKIT.baseline)[0]
    svg, root = draw(TOOLKIT.baseline, evaluate=False)
    assert "#e08a00" not in svg
    assert "findings" not in root.get("aria-label")


def test_a_long_design_stays_readable():
    parts = [{"type": "sidewalk", "width": 1.0} for _ in range(200)]
    _svg, root = draw({"parts": parts, "length": 200})
    assert len(part_rects(root)) == 200
    assert "and 176 more" in root.get("aria-label")
