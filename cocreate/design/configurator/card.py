"""Draw a configurator design as an SVG card: the configured product (its toolkit's drawing, see
``drawing.py``) over one labelled row per option and parameter, rows with findings marked,
metric totals at the foot. The compact card (thumbnails) is the drawing and the totals.
A toolkit without a drawing lists its rows only.

Same rules as the section drawing: no ids, no ``<style>``, every text escaped, deterministic.
"""

from __future__ import annotations

from html import escape

from ..model import Evaluation
from ..svg import FONT, MARK, RANK, count_findings
from ..units import format_number
from .design import ParsedConfig
from .drawing import describe, drawing_for, num, scene, shapes_svg
from .toolkit import ConfiguratorToolkit

MAX_COMPACT_ROWS = 6
INK, MUTED = "#1f2328", "#57606a"  # 16:1 and 6.4:1 on white
FOUND_INK = {"error": "#c62828", "warning": "#8a5a00", "info": "#1e6fd9"}  # >= 4.5:1 on white


def _rows(toolkit: ConfiguratorToolkit, c: ParsedConfig) -> list[tuple[str, str, str, str | None]]:
    """(id, label, shown value, swatch colour) per option then parameter, unknown ones last."""
    rows: list[tuple[str, str, str, str | None]] = []
    for oid, value in c.choices.items():
        option = toolkit.options.get(oid)
        entry = option.values.get(value) if option is not None else None
        label = option.label if option is not None else f"{oid}?"
        rows.append(
            (oid, label, entry.label if entry else f"{value}?", entry.color if entry else None)
        )
    for pid, amount in c.parameters.items():
        parameter = toolkit.parameters.get(pid)
        if parameter is None:
            rows.append((pid, f"{pid}?", format_number(amount), None))
        else:
            rows.append((pid, parameter.label, f"{format_number(amount)} {parameter.unit}", None))
    return rows


def _worst(evaluation: Evaluation | None) -> dict[str, str]:
    worst: dict[str, str] = {}
    for finding in evaluation["findings"] if evaluation else ():
        severity = finding.get("severity")
        if severity not in RANK:
            continue
        for key in finding.get("parts", ()):
            if isinstance(key, str) and (key not in worst or RANK[severity] < RANK[worst[key]]):
                worst[key] = severity
    return worst


def _findings_line(evaluation: Evaluation | None) -> tuple[str, str] | None:
    """What the card says about the findings ("1 error, 1 warning") and in which ink."""
    if evaluation is None or not evaluation["findings"]:
        return None
    worst = min((f["severity"] for f in evaluation["findings"]), key=RANK.__getitem__)
    return count_findings(evaluation), FOUND_INK[worst]


def render_card(
    toolkit: ConfiguratorToolkit, c: ParsedConfig, evaluation: Evaluation | None, compact: bool
) -> str:
    """A read design drawn as a card (see ``..render.render_svg``)."""
    metrics = evaluation["metrics"] if evaluation is not None else toolkit.totals(c)
    rows = _rows(toolkit, c)
    worst = _worst(evaluation)
    shown_metrics = [
        (d.label, format_number(metrics[name]), d.unit)
        for name, d in toolkit.metrics.items()
        if isinstance(metrics.get(name), (int, float))
    ]
    drawing = drawing_for(toolkit.id)
    bike = scene(drawing, toolkit.document, c.choices, c.parameters) if drawing else None
    summary = describe(toolkit.document, c.choices, c.parameters)[:-1]
    if shown_metrics:
        summary += ". " + ", ".join(
            f"{label} {value} {unit}" for label, value, unit in shown_metrics
        )
    if evaluation is not None:
        summary += ". " + count_findings(evaluation)
    summary = escape(summary + ".")
    found = _findings_line(evaluation)

    width = (300.0 if bike else 360.0) if compact else (400.0 if bike else 640.0)
    pad = 12.0 if compact else 24.0
    top = pad + 18 if compact else 64.0  # the findings count above
    metric_h = 44.0 if compact else 76.0
    out: list[str] = []
    y = top
    if bike is not None:
        vx, vy, vw, vh = bike["view"]
        scale = (width - 2 * pad) / vw
        out.append(
            f'<g transform="translate({num(pad - vx * scale)} {num(y - vy * scale)}) '
            f'scale({num(scale)})">{shapes_svg(bike["shapes"])}</g>'
        )
        y += vh * scale + 8
    if not (compact and bike):  # a compact card with a drawing is the drawing and the totals
        y += _table_rows(out, rows, worst, compact, width, pad, y) + 8
    if found is not None:
        text, ink = found
        y_found = pad + 12 if compact else 40
        x_found = pad + 2 if compact else width - pad
        anchor = "start" if compact else "end"
        out.append(
            f'<text x="{num(x_found)}" y="{num(y_found)}" font-size="{13 if compact else 14}" '
            f'font-weight="700" fill="{ink}" text-anchor="{anchor}">{escape(text)}</text>'
        )
    out.append(
        f'<line x1="{pad:g}" y1="{y:g}" x2="{width - pad:g}" y2="{y:g}" stroke="#d0d7de" '
        'stroke-width="1.5"/>'
    )
    if shown_metrics:
        column = (width - 2 * pad) / len(shown_metrics)
        for n, (label, value, unit) in enumerate(shown_metrics):
            x = pad + n * column
            big, small = (18, 12) if compact else (24, 13)
            out.append(
                f'<text x="{x:g}" y="{y + big + 6:g}" font-size="{big}" font-weight="700" '
                f'fill="{INK}">{escape(value)}</text>'
                f'<text x="{x:g}" y="{y + big + small + 14:g}" font-size="{small}" '
                f'fill="{MUTED}">{escape(f"{label} ({unit})")}</text>'
            )
    height = y - 8 + metric_h + pad
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'role="img" aria-label="{summary}" font-family="{FONT}">',
        f"<title>{summary}</title>",
        f'<rect x="1" y="1" width="{width - 2:g}" height="{height - 2:g}" rx="12" '
        'fill="#ffffff" stroke="#d0d7de" stroke-width="2"/>',
    ]
    if not compact:
        head.append(
            f'<text x="{pad:g}" y="40" font-size="20" font-weight="600" fill="{INK}">'
            f"{escape(toolkit.title)}</text>"
        )
    return "".join([*head, *out, "</svg>"])


def _table_rows(
    out: list[str],
    rows: list[tuple[str, str, str, str | None]],
    worst: dict[str, str],
    compact: bool,
    width: float,
    pad: float,
    top: float,
) -> float:
    """One striped row per choice (a compact card lists a few); returns their height."""
    row_h = 24.0 if compact else 36.0
    size = 12.0 if compact else 15.0
    listed = rows[:MAX_COMPACT_ROWS] if compact else rows
    more = len(rows) - len(listed)
    y = top
    for n, (key, label, value, color) in enumerate(listed):
        mid = y + row_h / 2
        if n % 2 == 0:
            out.append(
                f'<rect x="{pad / 2:g}" y="{y:g}" width="{width - pad:g}" height="{row_h:g}" '
                'rx="6" fill="#f6f8fa"/>'
            )
        severity = worst.get(key)
        if severity is not None:
            out.append(
                f'<rect x="{pad / 2:g}" y="{y + 3:g}" width="5" height="{row_h - 6:g}" rx="2" '
                f'fill="{MARK[severity][0]}"/>'
            )
        x_value = width - pad
        if color is not None:
            out.append(
                f'<circle cx="{width - pad - 6:g}" cy="{mid:g}" r="6" fill="{color}" '
                'stroke="#57606a" stroke-width="1"/>'
            )
            x_value -= 20
        value_fill = FOUND_INK["error"] if severity == "error" else INK
        if not compact:
            out.append(
                f'<text x="{pad + 4:g}" y="{mid:g}" font-size="{size - 1:g}" fill="{MUTED}" '
                f'dominant-baseline="central">{escape(label)}</text>'
            )
            anchor = "end"
            x_text = x_value
        else:
            anchor, x_text = "start", pad + 4
            value = f"{label}: {value}"
        out.append(
            f'<text x="{x_text:g}" y="{mid:g}" font-size="{size:g}" font-weight="600" '
            f'fill="{value_fill}" text-anchor="{anchor}" dominant-baseline="central">'
            f"{escape(value)}</text>"
        )
        y += row_h
    if more:
        out.append(
            f'<text x="{pad + 4:g}" y="{y + row_h / 2:g}" font-size="{size:g}" fill="{MUTED}" '
            f'dominant-baseline="central">and {more} more</text>'
        )
        y += row_h
    return y - top
