"""Draw a section design as inline SVG: parts to scale, labelled, findings marked.

Rendered once when a design is saved and cached, but kept cheap anyway. The markup is safe to
inline many times on one page under a strict CSP: no ids, no ``<style>`` or ``style=``, only
presentation attributes, and every text escaped. Output is deterministic.
"""

from __future__ import annotations

from functools import cache
from html import escape

from .card import render_card
from .configurator import ConfiguratorToolkit
from .design import ParsedDesign
from .geometry import COMPACT, FULL, scale_for
from .geometry import VIEW_W as VIEW_W  # diff.py draws at the same width
from .model import Evaluation
from .toolkit import Toolkit
from .units import format_m

FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"
LABEL_PT, WIDTH_PT = 14.0, 12.0
CHAR_EM = 0.62  # rough advance of an average character, in ems
MARK = {  # severity -> (stroke colour, stroke width, dash pattern)
    "error": ("#c62828", 4, ""),
    "warning": ("#e08a00", 4, "10 5"),
    "info": ("#1e6fd9", 2, "4 4"),
}
RANK = {"error": 0, "warning": 1, "info": 2}
UNKNOWN_FILL = "#bdbdbd"
MAX_LISTED = 24  # parts named in the accessible summary


class _Layout:
    """Vertical geometry of the full drawing and of the compact thumbnail (see geometry.py)."""

    def __init__(self, compact: bool) -> None:
        frame = COMPACT if compact else FULL
        self.compact = compact
        self.top, self.band, self.height = frame.top, frame.band, frame.height
        self.bottom = frame.bottom


def _n(value: float) -> str:
    return f"{value:.1f}"


@cache
def _ink(color: str) -> str:
    """Dark or light text, whichever reads better on ``color`` (``#rrggbb``)."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#1f2328" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


def _fit_text(text: str, room: float, size: float) -> str | None:
    """``text`` shortened with an ellipsis to fit ``room`` units, or None if nothing fits."""
    fits = int(room / (size * CHAR_EM))
    if fits >= len(text):
        return text
    if fits < 3:
        return None
    return text[: fits - 1].rstrip() + "\u2026"


def _text(x: float, y: float, size: float, fill: str, text: str, *, rotate: bool) -> str:
    turn = f' transform="rotate(-90 {_n(x)} {_n(y)})"' if rotate else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size:g}" fill="{fill}" '
        f'text-anchor="middle" dominant-baseline="central"{turn}>{escape(text)}</text>'
    )


def _label(
    x: float, w: float, mid_y: float, room_y: float, size: float, fill: str, text: str
) -> str:
    """A label centred in a box ``w`` wide and ``room_y`` tall: across if it fits, else rotated."""
    cx = x + w / 2
    if len(text) * size * CHAR_EM + 8 <= w:
        return _text(cx, mid_y, size, fill, text, rotate=False)
    if w < size * 1.15:
        return ""
    shown = _fit_text(text, room_y - 10, size)
    return _text(cx, mid_y, size, fill, shown, rotate=True) if shown else ""


def _hatch(x: float, y: float, w: float, h: float, color: str) -> str:
    """Diagonal lines clipped to the box by hand (a <pattern> would need an id)."""
    lines = []
    step = 14.0
    k = step
    while k < w + h:
        # the line x' - x + (y' - y) = k, clipped to the box
        x1, y1 = x + min(k, w), y + max(0.0, k - w)
        x2, y2 = x + max(0.0, k - h), y + min(k, h)
        lines.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}"/>')
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


def _summary(toolkit: Toolkit, d: ParsedDesign, evaluation: Evaluation | None) -> str:
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
        counts = dict.fromkeys(RANK, 0)
        for finding in evaluation.get("findings", ()):
            if finding.get("severity") in counts:
                counts[finding["severity"]] += 1
        found = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
        text += ". " + (", ".join(found) if found else "No findings") + "."
    return text


def render_svg(
    toolkit: Toolkit,
    design: object,
    evaluation: Evaluation | None = None,
    *,
    compact: bool = False,
) -> str:
    """The design as an ``<svg>`` string; ``compact`` is an unlabelled thumbnail for cards.
    A configurator design is drawn as a summary card (see ``card.py``). Raises DesignError
    for a malformed design (as ``Toolkit.evaluate`` would)."""
    if isinstance(toolkit, ConfiguratorToolkit):
        return render_card(toolkit, design, evaluation, compact=compact)
    d = toolkit.read(toolkit._current(design))
    lay = _Layout(compact)
    scale = scale_for(d.length_mm, d.total_mm)
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
            f'<rect x="{_n(x)}" y="{_n(lay.top)}" width="{_n(width)}" height="{_n(lay.band)}" '
            f'fill="{fill}" stroke="#ffffff" stroke-width="1"/>'
        )
        if compact:
            out.append(rect)
        else:
            name = entry.label if entry else f"{t}?"
            tip = "; ".join([f"{name} {format_m(w)}", *messages.get(i, ())])
            mid = lay.top + lay.band / 2
            out.append(
                f"<g><title>{escape(tip)}</title>{rect}"
                + _label(x, width, mid, lay.band, LABEL_PT, _ink(fill), name)
                + _label(x, width, lay.bottom + 26, 60, WIDTH_PT, "#3d4450", format_m(w))
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
        f'<rect x="{_n(x + inset)}" y="{_n(lay.top + inset)}" width="{_n(max(w - stroke, 1))}" '
        f'height="{_n(lay.band - stroke)}" fill="none" stroke="{color}" '
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
        f'<line x1="1" y1="{_n(y - 7)}" x2="1" y2="{_n(y + 7)}"/>'
        f'<line x1="{_n(end - 1)}" y1="{_n(y - 7)}" x2="{_n(end - 1)}" y2="{_n(y + 7)}"/>'
        f'<line x1="1" y1="{_n(y)}" x2="{_n(max(mid - pad, 1))}" y2="{_n(y)}"/>'
        f'<line x1="{_n(min(mid + pad, end))}" y1="{_n(y)}" x2="{_n(end - 1)}" y2="{_n(y)}"/>'
        "</g>" + _text(mid, y, WIDTH_PT, "#24292f", text, rotate=False)
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
            f'<rect x="{_n(start + 1)}" y="{_n(top + 1)}" width="{_n(max(w - 2, 0.5))}" '
            f'height="{_n(band - 2)}" fill="#f6f8fa" stroke="#8c959f" stroke-width="2" '
            f'stroke-dasharray="8 6"/>'
        )
        text = f"{format_m(gap)} free"
    else:
        shape = (
            f'<rect x="{_n(start)}" y="{_n(top - 4)}" width="{_n(w)}" height="{_n(band + 8)}" '
            f'fill="#c62828" fill-opacity="0.35"/>'
            f'<line x1="{_n(start)}" y1="{_n(top - 8)}" x2="{_n(start)}" y2="{_n(top + band + 8)}" '
            f'stroke="#c62828" stroke-width="3"/>'
        )
        if lay.compact:
            return shape
        text = f"{format_m(-gap)} over"
        half = len(text) * WIDTH_PT * CHAR_EM / 2 + 2
        cx = min(max(start + w / 2, half), VIEW_W - half)
        return shape + _text(cx, 16.0, WIDTH_PT, "#b71c1c", text, rotate=False)
    if lay.compact:
        return shape
    return shape + _label(start, w, top + band / 2, band, LABEL_PT, "#57606a", text)
