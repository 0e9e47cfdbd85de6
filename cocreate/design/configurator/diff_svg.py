"""A configurator diff drawn as rows: each changed choice or parameter with its value in A (−)
over its value in B (+). Narrow (360 units, about a phone's width) so that it reads on a phone;
the compare page shows both configured products above it. Its class keeps it at that size
(``.config-diff`` in cocreate.css)."""

from __future__ import annotations

from html import escape
from typing import Any

from ..svg import CHANGE_COLORS, FONT, fit_text

WIDTH, PAD, ROW_H, SIZE = 360.0, 12.0, 62.0, 14.0
MUTED = "#57606a"


def _line(y: float, size: float, fill: str, text: str, *, bold: bool = False) -> str:
    shown = fit_text(text, WIDTH - 2 * PAD - 8, size) or ""
    weight = ' font-weight="600"' if bold else ""
    return (
        f'<text x="{PAD + 8:g}" y="{y:g}" font-size="{size:g}" fill="{fill}"{weight}>'
        f"{escape(shown)}</text>"
    )


def render_configurator_diff(diff: dict[str, Any], labels: tuple[str, str], summary: str) -> str:
    rows: list[tuple[str, str, str, str]] = []
    for c in diff.get("choices", []):
        rows.append((c["label"], str(c["from_label"] or "—"), str(c["to_label"] or "—"), "moved"))
    for p in diff.get("parameters", []):
        unit = f" {p['unit']}" if p["unit"] else ""
        before = "—" if p["from"] is None else f"{p['from']}{unit}"
        after = "—" if p["to"] is None else f"{p['to']}{unit}"
        rows.append((p["label"], before, after, "resized"))
    top = 52.0
    height = top + ROW_H * max(len(rows), 1) + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {height:g}" '
        f'class="config-diff" role="img" aria-label="{escape(summary)}" font-family="{FONT}">',
        f"<title>{escape(summary)}</title>",
        _line(20.0, 13.0, CHANGE_COLORS["removed"], f"− {labels[0]}", bold=True),
        _line(40.0, 13.0, CHANGE_COLORS["added"], f"+ {labels[1]}", bold=True),
    ]
    for n, (label, before, after, kind) in enumerate(rows):
        y = top + n * ROW_H
        out.append(
            f'<rect x="2" y="{y:g}" width="{WIDTH - 4:g}" height="{ROW_H - 6:g}" rx="6" '
            f'fill="#ffffff" stroke="{CHANGE_COLORS[kind]}" stroke-width="2"/>'
        )
        out.append(_line(y + 16, 12.0, MUTED, label, bold=True))
        out.append(_line(y + 33, SIZE, CHANGE_COLORS["removed"], f"− {before}"))
        out.append(_line(y + 50, SIZE, CHANGE_COLORS["added"], f"+ {after}"))
    if not rows:
        out.append(_line(top + 30, SIZE, MUTED, "="))
    out.append("</svg>")
    return "".join(out)
