"""What changed between two designs of one toolkit, and a drawing of it.

``diff_designs(toolkit, a, b)`` compares design ``b`` with design ``a`` (``a`` is "before").
Both are migrated to the toolkit's version and normalized first (``Toolkit.parse``), so a design
saved on an older version is judged fairly; both are evaluated by the toolkit.

Section designs: parts are matched in two passes.

1. **By id.** A part whose ``id`` appears in both designs is the same part, wherever it stands
   and whatever its type became (a changed type is reported as ``retyped``).
2. **By alignment.** The remaining parts of each design, kept in their order, are aligned by a
   longest common subsequence of their type names (classic dynamic programming, ``O(n * m)``;
   ties broken the same way every time: on equal lengths the earlier part of ``a`` is left
   unmatched first). Two parts that both carry ids never pair here: different ids are different
   parts. Unpaired parts of ``a`` are ``removed``, unpaired parts of ``b`` are ``added``.

A matched pair is ``resized`` when its widths differ (compared in millimetres), has variant
changes when any variant axis differs, and is ``moved`` when it left the order of the others:
the pairs sorted by their index in ``a`` keep a longest increasing subsequence of ``b`` indexes
(earliest on ties); every pair outside it is ``moved``. Shifting sideways because a neighbour
grew is not a move.

Configurator designs: every option whose choice differs and every parameter whose value differs.

Both kinds: metric deltas (``b - a`` per metric of the toolkit, rounded to 1e-6) and finding
deltas: findings keyed by ``(rule, message)``, counted as multisets; those only in ``b`` are
``added``, those only in ``a`` are ``removed`` (fixed).

The result is a plain JSON-able dict (see ``diff_designs``); ``result["same"]`` is True exactly
when nothing differs. Everything is deterministic and raises nothing but DesignError.

``render_diff_svg`` draws a section diff: both designs to one scale, ``a`` above ``b``, added
parts outlined green, removed red, resized amber, moved blue (and joined by a blue line), variant
changes purple dotted. Presentation attributes only: no ids, no ``style``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import Any

from .configurator import ConfiguratorToolkit
from .design import ParsedDesign
from .errors import DesignError
from .model import Evaluation, Finding
from .svg import FONT, LABEL_PT, VIEW_W, WIDTH_PT, _ink, _label, _n, _text
from .toolkit import Toolkit
from .units import format_m

__all__ = ["CHANGE_COLORS", "DesignError", "diff_designs", "render_diff_svg"]

CHANGE_COLORS = {
    "added": "#1b7f3b",
    "removed": "#c62828",
    "resized": "#e08a00",
    "moved": "#1e6fd9",
    "variant": "#7b1fa2",
    "retyped": "#7b1fa2",
}
UNKNOWN_FILL = "#bdbdbd"


# matching -----------------------------------------------------------------------------------


def _lcs_pairs(
    a_items: Sequence[tuple[int, str, bool]], b_items: Sequence[tuple[int, str, bool]]
) -> list[tuple[int, int]]:
    """Pairs of original indexes aligned by a longest common subsequence of types.
    Items are ``(index, type, has_id)``; two items with ids never pair."""
    n, m = len(a_items), len(b_items)
    if n == 0 or m == 0:
        return []

    def same(x: tuple[int, str, bool], y: tuple[int, str, bool]) -> bool:
        return x[1] == y[1] and not (x[2] and y[2])

    # table[i][j] = LCS length of a_items[i:] and b_items[j:]
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = table[i], table[i + 1]
        for j in range(m - 1, -1, -1):
            if same(a_items[i], b_items[j]):
                row[j] = below[j + 1] + 1
            else:
                row[j] = max(below[j], row[j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if same(a_items[i], b_items[j]) and table[i][j] == table[i + 1][j + 1] + 1:
            pairs.append((a_items[i][0], b_items[j][0]))
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _stay_put(b_indexes: Sequence[int]) -> set[int]:
    """Positions (into ``b_indexes``) of a longest strictly increasing subsequence."""
    tails: list[int] = []  # smallest tail value of an increasing run of each length
    tail_at: list[int] = []  # position of that tail
    before: list[int] = [-1] * len(b_indexes)
    for pos, value in enumerate(b_indexes):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(pos)
        else:
            tails[k] = value
            tail_at[k] = pos
        before[pos] = tail_at[k - 1] if k else -1
    keep: set[int] = set()
    pos = tail_at[-1] if tail_at else -1
    while pos != -1:
        keep.add(pos)
        pos = before[pos]
    return keep


def _match(da: ParsedDesign, db: ParsedDesign) -> list[tuple[int, int]]:
    """Matched (a index, b index) pairs, sorted by a index."""
    pairs: list[tuple[int, int]] = []
    b_by_id = {pid: j for j, pid in enumerate(db.ids) if pid is not None}
    matched_a: set[int] = set()
    matched_b: set[int] = set()
    for i, pid in enumerate(da.ids):
        if pid is not None and pid in b_by_id:
            j = b_by_id[pid]
            pairs.append((i, j))
            matched_a.add(i)
            matched_b.add(j)
    rest_a = [(i, t, da.ids[i] is not None) for i, t in enumerate(da.types) if i not in matched_a]
    rest_b = [(j, t, db.ids[j] is not None) for j, t in enumerate(db.types) if j not in matched_b]
    pairs.extend(_lcs_pairs(rest_a, rest_b))
    pairs.sort()
    return pairs


# deltas ---------------------------------------------------------------------------------------


def _number(value: float) -> int | float:
    value = round(value, 6)
    return int(value) if value == int(value) else value


def _metric_deltas(toolkit: Toolkit, ea: Evaluation, eb: Evaluation) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    names = list(toolkit.metrics) + [
        n for n in (*ea["metrics"], *eb["metrics"]) if n not in toolkit.metrics
    ]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            continue
        seen.add(name)
        before = ea["metrics"].get(name, 0)
        after = eb["metrics"].get(name, 0)
        definition = toolkit.metrics.get(name)
        rows.append(
            {
                "metric": name,
                "label": definition.label if definition else name,
                "unit": definition.unit if definition else "",
                "a": before,
                "b": after,
                "delta": _number(after - before),
            }
        )
    return rows


def _finding_key(finding: Finding) -> tuple[str, str]:
    return (str(finding.get("rule", "")), str(finding.get("message", "")))


def _only_in(first: list[Finding], second: list[Finding]) -> list[dict[str, Any]]:
    """Findings of ``first`` beyond those of ``second`` with the same rule and message."""
    budget = Counter(_finding_key(f) for f in second)
    out: list[dict[str, Any]] = []
    for finding in first:
        key = _finding_key(finding)
        if budget[key] > 0:
            budget[key] -= 1
            continue
        out.append(
            {
                "rule": key[0],
                "check": finding.get("check", ""),
                "severity": finding.get("severity", ""),
                "message": key[1],
            }
        )
    return out


def _finding_deltas(ea: Evaluation, eb: Evaluation) -> dict[str, list[dict[str, Any]]]:
    return {
        "added": _only_in(eb["findings"], ea["findings"]),
        "removed": _only_in(ea["findings"], eb["findings"]),
    }


# section ------------------------------------------------------------------------------------


def _label_of(d: ParsedDesign, i: int) -> str:
    entry = d.part_types[i]
    return entry.label if entry else d.types[i]


def _section_parts(da: ParsedDesign, db: ParsedDesign) -> dict[str, Any]:
    pairs = _match(da, db)
    keep = _stay_put([j for _, j in pairs])
    a_paired = {i for i, _ in pairs}
    b_paired = {j for _, j in pairs}
    rows: list[tuple[tuple[int, int, int], dict[str, Any]]] = []
    moved: list[list[int]] = []
    resized: list[list[int]] = []
    variants: list[list[int]] = []
    retyped: list[list[int]] = []
    for pos, (i, j) in enumerate(pairs):
        changes: list[str] = []
        row: dict[str, Any] = {
            "a": i,
            "b": j,
            "id": db.ids[j] if db.ids[j] is not None else da.ids[i],
            "type": db.types[j],
            "label": _label_of(db, j),
            "width_a_mm": da.widths[i],
            "width_b_mm": db.widths[j],
            "delta_mm": db.widths[j] - da.widths[i],
            "variants": [],
        }
        if da.types[i] != db.types[j]:
            changes.append("retyped")
            row["type_a"] = da.types[i]
            row["label_a"] = _label_of(da, i)
            retyped.append([i, j])
        if pos not in keep:
            changes.append("moved")
            moved.append([i, j])
        if da.widths[i] != db.widths[j]:
            changes.append("resized")
            resized.append([i, j])
        va, vb = da.variants[i], db.variants[j]
        if va != vb:
            axes = list(va) + [axis for axis in vb if axis not in va]
            row["variants"] = [
                {"axis": axis, "from": va.get(axis), "to": vb.get(axis)}
                for axis in axes
                if va.get(axis) != vb.get(axis)
            ]
            changes.append("variant")
            variants.append([i, j])
        if changes:
            row["changes"] = changes
            rows.append(((j, 1, i), row))
    # A removed part is listed where it stood: before the first b part paired after it.
    for i in range(len(da.types)):
        if i in a_paired:
            continue
        at = next((j for ai, j in pairs if ai > i), len(db.types))
        rows.append(
            (
                (at, 0, i),
                {
                    "a": i,
                    "b": None,
                    "id": da.ids[i],
                    "type": da.types[i],
                    "label": _label_of(da, i),
                    "width_a_mm": da.widths[i],
                    "width_b_mm": None,
                    "delta_mm": -da.widths[i],
                    "variants": [],
                    "changes": ["removed"],
                },
            )
        )
    for j in range(len(db.types)):
        if j in b_paired:
            continue
        rows.append(
            (
                (j, 1, -1),
                {
                    "a": None,
                    "b": j,
                    "id": db.ids[j],
                    "type": db.types[j],
                    "label": _label_of(db, j),
                    "width_a_mm": None,
                    "width_b_mm": db.widths[j],
                    "delta_mm": db.widths[j],
                    "variants": [],
                    "changes": ["added"],
                },
            )
        )
    rows.sort(key=lambda item: item[0])
    return {
        "parts": [row for _, row in rows],
        "pairs": [[i, j] for i, j in pairs],
        "added": [j for j in range(len(db.types)) if j not in b_paired],
        "removed": [i for i in range(len(da.types)) if i not in a_paired],
        "moved": moved,
        "resized": resized,
        "variants": variants,
        "retyped": retyped,
    }


# configurator ---------------------------------------------------------------------------------


def _value_label(toolkit: ConfiguratorToolkit, option: str, value: str | None) -> str | None:
    if value is None:
        return None
    entry = toolkit.options.get(option)
    offered = entry.values.get(value) if entry else None
    return offered.label if offered else value


def _configurator_changes(
    toolkit: ConfiguratorToolkit, pa: dict[str, Any], pb: dict[str, Any]
) -> dict[str, Any]:
    ca: dict[str, str] = pa["choices"]
    cb: dict[str, str] = pb["choices"]
    choices = []
    for option in [*ca, *(o for o in cb if o not in ca)]:
        before, after = ca.get(option), cb.get(option)
        if before != after:
            entry = toolkit.options.get(option)
            choices.append(
                {
                    "option": option,
                    "label": entry.label if entry else option,
                    "from": before,
                    "to": after,
                    "from_label": _value_label(toolkit, option, before),
                    "to_label": _value_label(toolkit, option, after),
                }
            )
    qa: dict[str, int | float] = pa["parameters"]
    qb: dict[str, int | float] = pb["parameters"]
    parameters = []
    for name in [*qa, *(p for p in qb if p not in qa)]:
        before_v, after_v = qa.get(name), qb.get(name)
        if before_v != after_v:
            param = toolkit.parameters.get(name)
            delta = (
                _number(after_v - before_v)
                if before_v is not None and after_v is not None
                else None
            )
            parameters.append(
                {
                    "parameter": name,
                    "label": param.label if param else name,
                    "unit": param.unit if param else "",
                    "from": before_v,
                    "to": after_v,
                    "delta": delta,
                }
            )
    return {"choices": choices, "parameters": parameters}


# public ---------------------------------------------------------------------------------------


def diff_designs(toolkit: Toolkit, a: object, b: object) -> dict[str, Any]:
    """Compare design ``b`` with design ``a`` (see the module docstring for the algorithm).

    Returns, for both kinds: ``kind``, ``same`` (bool), ``metrics`` (a row per metric: ``metric
    label unit a b delta``), ``findings`` (``{"added": [...], "removed": [...]}``, each
    ``{rule, check, severity, message}``). Sections add ``length`` (``{"a_mm", "b_mm"}``),
    ``parts`` (a row per changed part, in drawing order: ``a``/``b`` indexes or None, ``id
    type label width_a_mm width_b_mm delta_mm variants changes``), ``pairs``, and index lists
    ``added`` (b), ``removed`` (a), ``moved``/``resized``/``variants``/``retyped`` ([a, b]).
    Configurators add ``choices`` and ``parameters`` (a row per difference).
    Raises DesignError when either document is not a design of this toolkit."""
    try:
        pa = toolkit.parse(a)
    except DesignError as error:
        raise DesignError(f"a.{error.path}" if error.path else "a", error.detail) from None
    try:
        pb = toolkit.parse(b)
    except DesignError as error:
        raise DesignError(f"b.{error.path}" if error.path else "b", error.detail) from None
    ea, eb = toolkit.evaluate(pa), toolkit.evaluate(pb)
    result: dict[str, Any] = {
        "kind": toolkit.kind,
        "metrics": _metric_deltas(toolkit, ea, eb),
        "findings": _finding_deltas(ea, eb),
    }
    if isinstance(toolkit, ConfiguratorToolkit):
        result.update(_configurator_changes(toolkit, pa, pb))
        changed = bool(result["choices"] or result["parameters"])
    else:
        da, db = toolkit.read(pa), toolkit.read(pb)
        result["length"] = {"a_mm": da.length_mm, "b_mm": db.length_mm}
        result.update(_section_parts(da, db))
        changed = bool(result["parts"]) or da.length_mm != db.length_mm
    result["same"] = not (
        changed
        or result["findings"]["added"]
        or result["findings"]["removed"]
        or any(row["delta"] != 0 for row in result["metrics"])
    )
    return result


# drawing --------------------------------------------------------------------------------------

BAND_TOP, BAND_H, WIDTH_ROW = 26.0, 96.0, 24.0
BLOCK_H = BAND_TOP + BAND_H + WIDTH_ROW  # one design: its heading, its parts, their widths
GAP = 34.0  # between the two blocks: room for the lines joining moved parts


def _outline(x: float, y: float, w: float, h: float, kind: str, inset: float) -> str:
    color = CHANGE_COLORS[kind]
    stroke = 2.0 if kind == "variant" else 4.0
    dash = ' stroke-dasharray="3 4"' if kind == "variant" else ""
    d = inset + stroke / 2
    return (
        f'<rect x="{_n(x + d)}" y="{_n(y + d)}" width="{_n(max(w - 2 * d, 1))}" '
        f'height="{_n(max(h - 2 * d, 1))}" fill="none" stroke="{color}" '
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
    out = [_text_left(4.0, top + BAND_TOP / 2, WIDTH_PT, "#24292f", heading)]
    y = top + BAND_TOP
    boxes: list[tuple[float, float]] = []
    x_mm = 0
    end = d.length_mm * scale
    out.append(
        f'<rect x="0.5" y="{_n(y - 0.5)}" width="{_n(max(end - 1, 1))}" height="{_n(BAND_H + 1)}" '
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
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(BAND_H)}" '
            f'fill="{fill}" stroke="#ffffff" stroke-width="1"/>'
        )
        kinds = marks.get(i, [])
        tip = "; ".join([f"{name} {format_m(w)}", *kinds])
        outlines = "".join(_outline(x, y, width, BAND_H, k, 5.0 * n) for n, k in enumerate(kinds))
        out.append(
            f"<g><title>{escape(tip)}</title>{rect}"
            + _label(x, width, y + BAND_H / 2, BAND_H, LABEL_PT - 1, _ink(fill), name)
            + _label(x, width, y + BAND_H + WIDTH_ROW / 2, 40, WIDTH_PT - 1, "#3d4450", format_m(w))
            + outlines
            + "</g>"
        )
    return "".join(out), boxes


def _text_left(x: float, y: float, size: float, fill: str, text: str) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size:g}" fill="{fill}" '
        f'dominant-baseline="central" font-weight="600">{escape(text)}</text>'
    )


def _summary(diff: dict[str, Any]) -> str:
    keys = ("added", "removed", "moved", "resized", "variants")
    counts = [(len(diff.get(key, [])), key) for key in keys]
    said = [f"{n} {key if key != 'variants' else 'variant changes'}" for n, key in counts if n]
    return "Differences: " + (", ".join(said) if said else "none") + "."


def _configurator_svg(diff: dict[str, Any], labels: tuple[str, str], summary: str) -> str:
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
        _text_left(330.0, 18.0, WIDTH_PT, "#24292f", labels[0]),
        _text_left(660.0, 18.0, WIDTH_PT, "#24292f", labels[1]),
    ]
    for n, (label, before, after, kind) in enumerate(rows):
        y = 36.0 + n * row_h
        out.append(
            f'<rect x="2" y="{_n(y)}" width="{_n(VIEW_W - 4)}" height="{_n(row_h - 4)}" '
            f'fill="#ffffff" stroke="{CHANGE_COLORS[kind]}" stroke-width="2"/>'
        )
        mid = y + (row_h - 4) / 2
        out.append(_text_left(12.0, mid, WIDTH_PT, "#24292f", label))
        out.append(_text_left(330.0, mid, WIDTH_PT, CHANGE_COLORS["removed"], before))
        out.append(_text_left(660.0, mid, WIDTH_PT, CHANGE_COLORS["added"], after))
    if not rows:
        out.append(_text(VIEW_W / 2, 56.0, WIDTH_PT, "#57606a", "=", rotate=False))
    out.append("</svg>")
    return "".join(out)


def render_diff_svg(
    toolkit: Toolkit,
    a: object,
    b: object,
    diff: dict[str, Any] | None = None,
    *,
    labels: tuple[str, str] = ("A", "B"),
    summary: str | None = None,
) -> str:
    """A visual diff as one ``<svg>``: for a section, ``a`` drawn above ``b`` to the same scale
    with the changed parts outlined (see CHANGE_COLORS); for a configurator, a row per changed
    choice or parameter. ``diff`` is ``diff_designs(toolkit, a, b)`` (computed when None);
    ``labels`` head the two designs and ``summary`` is the accessible name (pass translated
    words). Raises DesignError for a malformed design."""
    if diff is None:
        diff = diff_designs(toolkit, a, b)
    text = summary if summary is not None else _summary(diff)
    if isinstance(toolkit, ConfiguratorToolkit):
        return _configurator_svg(diff, labels, text)
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
                f'<line x1="{_n(xa)}" y1="{_n(top_a + BLOCK_H - 2)}" x2="{_n(xb)}" '
                f'y2="{_n(top_b + BAND_TOP)}" stroke="{CHANGE_COLORS["moved"]}" '
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
