"""Draw a section design as inline SVG: parts to scale, labelled, findings marked.

Rendered once when a design is saved and cached, but kept cheap anyway (see ``..svg`` for the
markup rules every drawing keeps).
"""

from __future__ import annotations

from html import escape

from ..illustration import figures, illustrate, ink, tallest_mm
from ..model import Evaluation
from ..svg import (
    CHAR_EM,
    FONT,
    LABEL_PT,
    MARK,
    RANK,
    UNKNOWN_FILL,
    VIEW_W,
    WIDTH_PT,
    count_findings,
    fmt,
    head_label,
    svg_label,
    svg_text,
)
from ..units import format_m
from .design import ParsedDesign
from .geometry import COMPACT, FULL, scale_for
from .toolkit import SectionToolkit

MAX_LISTED = 24  # parts named in the accessible summary


LABEL_ROW = LABEL_PT * 2  # the full drawing's names sit in this row at the top of the band
INSET = 4.0  # room above the tallest symbol


class _Layout:
    """Vertical geometry of the full drawing and of the compact thumbnail (see geometry.py)."""

    def __init__(self, compact: bool) -> None:
        frame = COMPACT if compact else FULL
        self.compact = compact
        self.top, self.band, self.height = frame.top, frame.band, frame.height
        self.bottom = frame.bottom
        # the drawing's own symbols' height: the tallest fits below a name across its part
        self.stage = self.band - INSET - (0.0 if compact else LABEL_ROW)


def _hatch(x: float, y: float, w: float, h: float, color: str) -> str:
    """Diagonal lines clipped to the box by hand (a <pattern> would need an id)."""
    lines = []
    step = 14.0
    k = step
    while k < w + h:
        # the line x' - x + (y' - y) = k, clipped to the box
        x1, y1 = x + min(k, w), y + max(0.0, k - w)
        x2, y2 = x + max(0.0, k - h), y + min(k, h)
        lines.append(f'<line x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}"/>')
        k += step
    return f'<g stroke="{color}" stroke-width="2" stroke-opacity="0.55">{"".join(lines)}</g>'


def _severities(
    evaluation: Evaluation | None, count: int
) -> tuple[dict[int, str], dict[int, list[str]]]:
    """Worst severity and the messages per part index."""
    worst: dict[int, str] = {}
    messages: dict[int, list[str]] = {}
    for finding in evaluation["findings"] if evaluation else ():
        severity = finding.get("severity")
        if severity not in RANK:
            continue
        for i in finding.get("parts", ()):
            if isinstance(i, int) and 0 <= i < count:
                if i not in worst or RANK[severity] < RANK[worst[i]]:
                    worst[i] = severity
                messages.setdefault(i, []).append(str(finding.get("message", "")))
    return worst, messages


def _summary(toolkit: SectionToolkit, d: ParsedDesign, evaluation: Evaluation | None) -> str:
    names = [
        f"{entry.label if entry else t} {format_m(w)}"
        for t, w, entry in zip(d.types[:MAX_LISTED], d.widths, d.part_types, strict=False)
    ]
    if len(d.types) > MAX_LISTED:
        names.append(f"and {len(d.types) - MAX_LISTED} more")
    text = f"{toolkit.title}, {format_m(d.length_mm)}: {len(d.types)} parts"
    if names:
        text += ": " + ", ".join(names)
    gap = d.length_mm - d.total_mm
    if gap > 0:
        text += f"; {format_m(gap)} left empty"
    elif gap < 0:
        text += f"; {format_m(-gap)} too wide"
    if evaluation is not None:
        text += ". " + count_findings(evaluation) + "."
    return text


def render_section(
    toolkit: SectionToolkit, d: ParsedDesign, evaluation: Evaluation | None, compact: bool
) -> str:
    """A read design drawn to scale (see ``..render.render_svg``)."""
    lay = _Layout(compact)
    scale = scale_for(d.length_mm, d.total_mm)
    per_mm = min(scale, lay.stage / tallest_mm())  # one scale for every symbol of the drawing
    summary = escape(_summary(toolkit, d, evaluation))
    worst, messages = _severities(evaluation, len(d.types))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_W:g} {lay.height:g}" '
        f'role="img" aria-label="{summary}" font-family="{FONT}">',
        f"<title>{summary}</title>",
    ]
    if not compact:
        out.append(_ruler(d, scale, lay))
    x_mm = 0
    marks: list[str] = []
    for i, (t, w) in enumerate(zip(d.types, d.widths, strict=True)):
        x, width = x_mm * scale, w * scale
        x_mm += w
        entry = d.part_types[i]
        fill = entry.color if entry else UNKNOWN_FILL
        rect = (
            f'<rect x="{fmt(x)}" y="{fmt(lay.top)}" width="{fmt(width)}" height="{fmt(lay.band)}" '
            f'fill="{fill}" stroke="#ffffff" stroke-width="1"/>'
        )
        if compact:
            art = figures(t, d.variants[i], x, lay.top + INSET, width, lay.stage, per_mm)
            out.append(rect + illustrate(art))
        else:
            name = entry.label if entry else f"{t}?"
            tip = "; ".join([f"{name} {format_m(w)}", *messages.get(i, ())])
            label, taken = head_label(x, width, lay.top, lay.band, LABEL_PT, ink(fill), name)
            room = lay.band - max(taken, LABEL_ROW) - INSET
            art = figures(t, d.variants[i], x, lay.bottom - room, width, room, per_mm)
            out.append(
                f"<g><title>{escape(tip)}</title>{rect}"
                + illustrate(art)
                + label
                + svg_label(x, width, lay.bottom + 26, 60, WIDTH_PT, "#3d4450", format_m(w))
                + "</g>"
            )
        severity = worst.get(i)
        if severity is not None:
            marks.append(_mark(x, width, lay, severity))
    out.append(_edges(d, scale, lay))
    out.extend(marks)
    out.append("</svg>")
    return "".join(out)


def _mark(x: float, w: float, lay: _Layout, severity: str) -> str:
    color, stroke, dash = MARK[severity]
    inset = stroke / 2
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    box = (
        f'<rect x="{fmt(x + inset)}" y="{fmt(lay.top + inset)}" width="{fmt(max(w - stroke, 1))}" '
        f'height="{fmt(lay.band - stroke)}" fill="none" stroke="{color}" '
        f'stroke-width="{stroke}"{dashes}/>'
    )
    if severity == "error":
        box = _hatch(x, lay.top, w, lay.band, color) + box
    return box


def _ruler(d: ParsedDesign, scale: float, lay: _Layout) -> str:
    """The available length as a dimension line above the parts."""
    end = d.length_mm * scale
    y = 16.0
    text = format_m(d.length_mm)
    pad = len(text) * WIDTH_PT * CHAR_EM / 2 + 8
    mid = end / 2
    return (
        f'<g stroke="#57606a" stroke-width="1.5">'
        f'<line x1="1" y1="{fmt(y - 7)}" x2="1" y2="{fmt(y + 7)}"/>'
        f'<line x1="{fmt(end - 1)}" y1="{fmt(y - 7)}" x2="{fmt(end - 1)}" y2="{fmt(y + 7)}"/>'
        f'<line x1="1" y1="{fmt(y)}" x2="{fmt(max(mid - pad, 1))}" y2="{fmt(y)}"/>'
        f'<line x1="{fmt(min(mid + pad, end))}" y1="{fmt(y)}" x2="{fmt(end - 1)}" y2="{fmt(y)}"/>'
        "</g>" + svg_text(mid, y, WIDTH_PT, "#24292f", text, rotate=False)
    )


def _edges(d: ParsedDesign, scale: float, lay: _Layout) -> str:
    """Empty room (dashed) after the last part, or the overflow (red) beyond the length."""
    gap = d.length_mm - d.total_mm
    if gap == 0:
        return ""
    start, stop = sorted((d.total_mm * scale, d.length_mm * scale))
    w = stop - start
    top, band = lay.top, lay.band
    if gap > 0:
        shape = (
            f'<rect x="{fmt(start + 1)}" y="{fmt(top + 1)}" width="{fmt(max(w - 2, 0.5))}" '
            f'height="{fmt(band - 2)}" fill="#f6f8fa" stroke="#8c959f" stroke-width="2" '
            f'stroke-dasharray="8 6"/>'
        )
        text = f"{format_m(gap)} free"
    else:
        shape = (
            f'<rect x="{fmt(start)}" y="{fmt(top - 4)}" width="{fmt(w)}" height="{fmt(band + 8)}" '
            f'fill="#c62828" fill-opacity="0.35"/>'
            f'<line x1="{fmt(start)}" y1="{fmt(top - 8)}" x2="{fmt(start)}" '
            f'y2="{fmt(top + band + 8)}" '
            f'stroke="#c62828" stroke-width="3"/>'
        )
        if lay.compact:
            return shape
        text = f"{format_m(-gap)} over"
        half = len(text) * WIDTH_PT * CHAR_EM / 2 + 2
        cx = min(max(start + w / 2, half), VIEW_W - half)
        return shape + svg_text(cx, 16.0, WIDTH_PT, "#b71c1c", text, rotate=False)
    if lay.compact:
        return shape
    return shape + svg_label(start, w, top + band / 2, band, LABEL_PT, "#57606a", text)
