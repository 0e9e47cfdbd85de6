"""A section diff drawn: both designs to one scale, ``a`` above ``b``, added
parts outlined green, removed red, resized amber, moved blue (and joined by a blue line), variant
changes purple dotted. Presentation attributes only: no ids, no ``style``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..illustration import figures, illustrate, ink, tallest_mm
from ..svg import (
    CHANGE_COLORS,
    FONT,
    LABEL_PT,
    UNKNOWN_FILL,
    VIEW_W,
    WIDTH_PT,
    fmt,
    head_label,
    svg_label,
    text_left,
)
from ..units import format_m
from .design import ParsedDesign
from .toolkit import SectionToolkit

BAND_TOP, BAND_H, WIDTH_ROW = 26.0, 150.0, 24.0
NAME_PT = LABEL_PT - 1
STAGE = BAND_H - NAME_PT * 2 - 4  # the symbols' height below the names
BLOCK_H = BAND_TOP + BAND_H + WIDTH_ROW  # one design: its heading, its parts, their widths
GAP = 34.0  # between the two blocks: room for the lines joining moved parts


def _outline(x: float, y: float, w: float, h: float, kind: str, inset: float) -> str:
    color = CHANGE_COLORS[kind]
    stroke = 2.0 if kind == "variant" else 4.0
    dash = ' stroke-dasharray="3 4"' if kind == "variant" else ""
    d = inset + stroke / 2
    return (
        f'<rect x="{fmt(x + d)}" y="{fmt(y + d)}" width="{fmt(max(w - 2 * d, 1))}" '
        f'height="{fmt(max(h - 2 * d, 1))}" fill="none" stroke="{color}" '
        f'stroke-width="{stroke:g}"{dash}/>'
    )


def _block(
    d: ParsedDesign,
    top: float,
    scale: float,
    heading: str,
    marks: dict[int, list[str]],
) -> tuple[str, list[tuple[float, float]]]:
    """One design's band; returns the markup and each part's (x, width)."""
    out = [text_left(4.0, top + BAND_TOP / 2, WIDTH_PT, "#24292f", heading)]
    per_mm = min(scale, STAGE / tallest_mm())
    y = top + BAND_TOP
    boxes: list[tuple[float, float]] = []
    x_mm = 0
    end = d.length_mm * scale
    out.append(
        f'<rect x="0.5" y="{fmt(y - 0.5)}" width="{fmt(max(end - 1, 1))}" '
        f'height="{fmt(BAND_H + 1)}" '
        f'fill="#f6f8fa" stroke="#8c959f" stroke-width="1" stroke-dasharray="6 4"/>'
    )
    for i, (t, w) in enumerate(zip(d.types, d.widths, strict=True)):
        x, width = x_mm * scale, w * scale
        x_mm += w
        boxes.append((x, width))
        entry = d.part_types[i]
        fill = entry.color if entry else UNKNOWN_FILL
        name = entry.label if entry else f"{t}?"
        rect = (
            f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(width)}" height="{fmt(BAND_H)}" '
            f'fill="{fill}" stroke="#ffffff" stroke-width="1"/>'
        )
        kinds = marks.get(i, [])
        tip = "; ".join([f"{name} {format_m(w)}", *kinds])
        outlines = "".join(_outline(x, y, width, BAND_H, k, 5.0 * n) for n, k in enumerate(kinds))
        label, taken = head_label(x, width, y, BAND_H, NAME_PT, ink(fill), name)
        room = min(STAGE, BAND_H - taken - 4)
        art = figures(t, d.variants[i], x, y + BAND_H - room, width, room, per_mm)
        out.append(
            f"<g><title>{escape(tip)}</title>{rect}"
            + illustrate(art)
            + label
            + svg_label(
                x, width, y + BAND_H + WIDTH_ROW / 2, 40, WIDTH_PT - 1, "#3d4450", format_m(w)
            )
            + outlines
            + "</g>"
        )
    return "".join(out), boxes


def render_section_diff(
    toolkit: SectionToolkit,
    a: object,
    b: object,
    diff: dict[str, Any],
    labels: tuple[str, str],
    text: str,
) -> str:
    """``a`` drawn above ``b`` to the same scale, changed parts outlined, moved ones joined."""
    da, db = toolkit.read(toolkit.parse(a)), toolkit.read(toolkit.parse(b))
    span = max(da.length_mm, da.total_mm, db.length_mm, db.total_mm, 1)
    scale = VIEW_W / span
    marks_a: dict[int, list[str]] = {}
    marks_b: dict[int, list[str]] = {}
    for i in diff.get("removed", []):
        marks_a.setdefault(i, []).append("removed")
    for j in diff.get("added", []):
        marks_b.setdefault(j, []).append("added")
    for key, kind in (("resized", "resized"), ("moved", "moved"), ("variants", "variant")):
        for i, j in diff.get(key, []):
            marks_a.setdefault(i, []).append(kind)
            marks_b.setdefault(j, []).append(kind)
    top_a, top_b = 0.0, BLOCK_H + GAP
    block_a, boxes_a = _block(da, top_a, scale, labels[0], marks_a)
    block_b, boxes_b = _block(db, top_b, scale, labels[1], marks_b)
    joins = []
    for i, j in diff.get("moved", []):
        if i < len(boxes_a) and j < len(boxes_b):
            xa = boxes_a[i][0] + boxes_a[i][1] / 2
            xb = boxes_b[j][0] + boxes_b[j][1] / 2
            joins.append(
                f'<line x1="{fmt(xa)}" y1="{fmt(top_a + BLOCK_H - 2)}" x2="{fmt(xb)}" '
                f'y2="{fmt(top_b + BAND_TOP)}" stroke="{CHANGE_COLORS["moved"]}" '
                f'stroke-width="2" stroke-dasharray="6 4"/>'
            )
    height = top_b + BLOCK_H
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_W:g} {height:g}" '
            f'role="img" aria-label="{escape(text)}" font-family="{FONT}">',
            f"<title>{escape(text)}</title>",
            block_a,
            block_b,
            *joins,
            "</svg>",
        ]
    )
