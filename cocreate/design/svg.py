"""SVG primitives every drawing of a design shares (section drawing, configurator card, diffs).

Every drawing is safe to inline many times on one page under a strict CSP: no ids, no
``<style>`` or ``style=``, only presentation attributes, and every text escaped. Deterministic.
"""

from __future__ import annotations

from html import escape

from .model import Evaluation

FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"
LABEL_PT, WIDTH_PT = 14.0, 12.0
CHAR_EM = 0.62  # rough advance of an average character, in ems
MARK = {  # severity -> (stroke colour, stroke width, dash pattern)
    "error": ("#c62828", 4, ""),
    "warning": ("#e08a00", 4, "10 5"),
    "info": ("#1e6fd9", 2, "4 4"),
}
RANK = {"error": 0, "warning": 1, "info": 2}  # worst first
UNKNOWN_FILL = "#bdbdbd"
VIEW_W = 1000.0  # every drawing's width in SVG units, whatever the design's size
CHANGE_COLORS = {  # what a diff outlines, by kind of change
    "added": "#1b7f3b",
    "removed": "#c62828",
    "resized": "#e08a00",
    "moved": "#1e6fd9",
    "variant": "#7b1fa2",
    "retyped": "#7b1fa2",
}


def fmt(value: float) -> str:
    return f"{value:.1f}"


def fit_text(text: str, room: float, size: float) -> str | None:
    """``text`` shortened with an ellipsis to fit ``room`` units, or None if nothing fits."""
    fits = int(room / (size * CHAR_EM))
    if fits >= len(text):
        return text
    if fits < 3:
        return None
    return text[: fits - 1].rstrip() + "\u2026"


def svg_text(x: float, y: float, size: float, fill: str, text: str, *, rotate: bool) -> str:
    turn = f' transform="rotate(-90 {fmt(x)} {fmt(y)})"' if rotate else ""
    return (
        f'<text x="{fmt(x)}" y="{fmt(y)}" font-size="{size:g}" fill="{fill}" '
        f'text-anchor="middle" dominant-baseline="central"{turn}>{escape(text)}</text>'
    )


def svg_label(
    x: float, w: float, mid_y: float, room_y: float, size: float, fill: str, text: str
) -> str:
    """A label centred in a box ``w`` wide and ``room_y`` tall: across if it fits, else rotated."""
    cx = x + w / 2
    if len(text) * size * CHAR_EM + 8 <= w:
        return svg_text(cx, mid_y, size, fill, text, rotate=False)
    if w < size * 1.15:
        return ""
    shown = fit_text(text, room_y - 10, size)
    return svg_text(cx, mid_y, size, fill, shown, rotate=True) if shown else ""


def head_label(
    x: float, w: float, top: float, room: float, size: float, fill: str, text: str
) -> tuple[str, float]:
    """A part's name at the top of its band, and the height it takes there, so the part's
    illustration stands below it: across when it fits (on two lines if need be), else rotated
    and shortened to fit."""
    cx = x + w / 2
    if text_width(text, size) + 8 <= w:
        return svg_text(cx, top + size, size, fill, text, rotate=False), size * 2
    if " " in text:
        cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(2 * i - len(text)))
        first, second = text[:cut], text[cut + 1 :]
        if max(text_width(first, size), text_width(second, size)) + 8 <= w:
            return (
                svg_text(cx, top + size, size, fill, first, rotate=False)
                + svg_text(cx, top + size * 2.2, size, fill, second, rotate=False)
            ), size * 3.2
    if w < size * 1.15:
        return "", 0.0
    shown = fit_text(text, room / 2, size)
    if shown is None:
        return "", 0.0
    length = text_width(shown, size)
    return svg_text(cx, top + 6 + length / 2, size, fill, shown, rotate=True), length + 12


def text_width(text: str, size: float) -> float:
    """The rough length of ``text`` set at ``size``."""
    return len(text) * size * CHAR_EM


def text_left(x: float, y: float, size: float, fill: str, text: str) -> str:
    return (
        f'<text x="{fmt(x)}" y="{fmt(y)}" font-size="{size:g}" fill="{fill}" '
        f'dominant-baseline="central" font-weight="600">{escape(text)}</text>'
    )


def count_findings(evaluation: Evaluation) -> str:
    """The findings counted by severity for an accessible name: ``1 error, 2 warnings``."""
    counts = dict.fromkeys(RANK, 0)
    for finding in evaluation.get("findings", ()):
        if finding.get("severity") in counts:
            counts[finding["severity"]] += 1
    found = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    return ", ".join(found) if found else "No findings"
