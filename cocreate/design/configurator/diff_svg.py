"""A configurator diff drawn as rows: each changed choice or parameter, before and after."""

from __future__ import annotations

from html import escape
from typing import Any

from ..svg import CHANGE_COLORS, FONT, VIEW_W, WIDTH_PT, fmt, svg_text, text_left


def render_configurator_diff(diff: dict[str, Any], labels: tuple[str, str], summary: str) -> str:
    rows: list[tuple[str, str, str, str]] = []
    for c in diff.get("choices", []):
        rows.append((c["label"], str(c["from_label"] or "—"), str(c["to_label"] or "—"), "moved"))
    for p in diff.get("parameters", []):
        unit = f" {p['unit']}" if p["unit"] else ""
        before = "—" if p["from"] is None else f"{p['from']}{unit}"
        after = "—" if p["to"] is None else f"{p['to']}{unit}"
        rows.append((p["label"], before, after, "resized"))
    row_h = 30.0
    height = 40.0 + row_h * max(len(rows), 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_W:g} {height:g}" '
        f'role="img" aria-label="{escape(summary)}" font-family="{FONT}">',
        f"<title>{escape(summary)}</title>",
        text_left(330.0, 18.0, WIDTH_PT, "#24292f", labels[0]),
        text_left(660.0, 18.0, WIDTH_PT, "#24292f", labels[1]),
    ]
    for n, (label, before, after, kind) in enumerate(rows):
        y = 36.0 + n * row_h
        out.append(
            f'<rect x="2" y="{fmt(y)}" width="{fmt(VIEW_W - 4)}" height="{fmt(row_h - 4)}" '
            f'fill="#ffffff" stroke="{CHANGE_COLORS[kind]}" stroke-width="2"/>'
        )
        mid = y + (row_h - 4) / 2
        out.append(text_left(12.0, mid, WIDTH_PT, "#24292f", label))
        out.append(text_left(330.0, mid, WIDTH_PT, CHANGE_COLORS["removed"], before))
        out.append(text_left(660.0, mid, WIDTH_PT, CHANGE_COLORS["added"], after))
    if not rows:
        out.append(svg_text(VIEW_W / 2, 56.0, WIDTH_PT, "#57606a", "=", rotate=False))
    out.append("</svg>")
    return "".join(out)
