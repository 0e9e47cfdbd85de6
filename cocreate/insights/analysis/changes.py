"""Item 1 of the insights: what proposals change against the challenge's baseline.

For a section toolkit, each part type of each design is compared with the baseline and falls in
at most one of five classes (so a type's five shares add up to at most 1):

- **added**: the design has more parts of the type than the baseline;
- **removed**: it has fewer;
- **wider** / **narrower**: the same number of parts, and their total width is more than 1 mm
  larger / smaller than the baseline's;
- **moved**: the same number of parts and total width, but they stand elsewhere in the order of
  the street: drop from both the design and the baseline every part of a type whose count
  changed (added or removed parts shift everything else), and the type's parts sit at other
  positions of what is left.

A share is the fraction of designs in a class (unweighted) and the fraction of total support
(weighted: each design counts its support). Width distributions (quartiles, a small histogram)
are of a type's total width per design, among the designs that have the type (``None`` figures
when none has it). For a configurator: how often each option value is chosen and each
parameter's distribution, the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from cocreate.design.toolkit import Toolkit

from .designs import Item, Sections, read_sections

CLASSES = ("added", "removed", "wider", "narrower", "moved")
BINS = 8  # bars of a histogram at most
TOLERANCE_MM = 1  # a total width that moves by this much or less is unchanged


def changes(
    toolkit: Toolkit, items: Sequence[Item], *, baseline: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``{"changes": {type: …}, "options": {…}, "parameters": {…}}`` (see the module docstring);
    ``baseline`` is the challenge's own starting design, by default the toolkit's. Items are
    read designs (``read_designs``); their order does not matter."""
    ordered = sorted(items, key=lambda item: item.id)
    support = np.array([item.support for item in ordered], dtype=np.float64)
    if toolkit.kind == "configurator":
        designs = [item.design for item in ordered]
        return {
            "changes": {},
            "options": _options(toolkit, designs, support),
            "parameters": _parameters(toolkit, designs),
        }
    base = toolkit.parse(baseline) if baseline is not None else toolkit.baseline
    return {
        "changes": _part_changes(toolkit, base or {"parts": []}, ordered, support),
        "options": {},
        "parameters": {},
    }


def _part_changes(
    toolkit: Toolkit, baseline: Mapping[str, Any], items: Sequence[Item], support: np.ndarray
) -> dict[str, Any]:
    arrays = read_sections(toolkit, [baseline, *(item.design for item in items)])
    counts, widths = arrays.counts[1:], arrays.widths[1:]
    base_counts, base_widths = arrays.counts[0], arrays.widths[0]
    n = len(items)
    added, removed = counts > base_counts, counts < base_counts
    same = ~(added | removed)
    wider = same & (widths - base_widths > TOLERANCE_MM)
    narrower = same & (base_widths - widths > TOLERANCE_MM)
    moved = same & ~wider & ~narrower & (counts > 0) & _out_of_order(arrays, same)
    flags = dict(zip(CLASSES, (added, removed, wider, narrower, moved), strict=True))
    counted = {key: np.count_nonzero(flag, axis=0) for key, flag in flags.items()}
    supported = {key: support @ flag for key, flag in flags.items()}
    total = float(support.sum())
    result: dict[str, Any] = {}
    for j, name in enumerate(arrays.types):
        part = toolkit.catalog.get(name)
        entry: dict[str, Any] = {"label": part.label if part else name}
        for key in CLASSES:
            entry[key] = _share(int(counted[key][j]), n)
        entry["weighted"] = {key: _share(float(supported[key][j]), total) for key in CLASSES}
        entry["widths"] = _distribution(widths[counts[:, j] > 0, j], step=1, scale=1000)
        result[name] = entry
    return result


def _out_of_order(arrays: Sections, same: np.ndarray) -> np.ndarray:
    """(designs, types): whether a type's parts stand at other positions than the baseline's
    once every part of a type whose count changed is dropped from both sides (what is left has
    the same parts per type on both sides, so position k compares like with like)."""
    n, m = same.shape
    first = arrays.part_design == 0
    base_types = arrays.part_type[first]
    design = arrays.part_design[~first] - 1
    types = arrays.part_type[~first]
    keep = same[design, types]
    kept_design, kept_type = design[keep], types[keep]
    starts = np.searchsorted(kept_design, np.arange(n))
    rank = np.arange(kept_design.size) - starts[kept_design]
    width = max(base_types.size, 1)
    ours = np.full((n, width), -1, dtype=np.int64)
    ours[kept_design, rank] = kept_type
    base_keep = same[:, base_types]
    base_rank = np.cumsum(base_keep, axis=1) - 1
    theirs = np.full((n, width), -1, dtype=np.int64)
    rows, cols = np.nonzero(base_keep)
    theirs[rows, base_rank[rows, cols]] = base_types[cols]
    rows, cols = np.nonzero(ours != theirs)
    marked = np.zeros((n, m), dtype=bool)
    for side in (ours, theirs):
        values = side[rows, cols]
        real = values >= 0
        marked[rows[real], values[real]] = True
    return marked


def _options(
    toolkit: Toolkit, designs: Sequence[Mapping[str, Any]], support: np.ndarray
) -> dict[str, Any]:
    n, total = len(designs), float(support.sum())
    result: dict[str, Any] = {}
    for oid, option in toolkit.options.items():
        chosen = np.array([d["choices"].get(oid) for d in designs], dtype=object)
        found = {str(v) for v in chosen if v is not None}
        names = [*option.values, *sorted(found - set(option.values))]
        values: dict[str, Any] = {}
        for name in names:
            hit = chosen == name
            known = option.values.get(name)
            values[name] = {
                "label": known.label if known else name,
                "share": _share(int(np.count_nonzero(hit)), n),
                "weighted": _share(float(support @ hit), total),
            }
        result[oid] = {"label": option.label, "values": values}
    return result


def _parameters(toolkit: Toolkit, designs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for pid, parameter in toolkit.parameters.items():
        values = np.array(
            [d["parameters"][pid] for d in designs if pid in d["parameters"]], dtype=np.float64
        )
        result[pid] = {
            "label": parameter.label,
            "unit": parameter.unit,
            **_distribution(values, step=parameter.step or 0, scale=1),
        }
    return result


def _share(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole > 0 else 0.0


def _distribution(values: np.ndarray, *, step: float, scale: float) -> dict[str, Any]:
    """Quartiles and a histogram of at most ``BINS`` bars (fewer when the values span fewer
    than ``BINS`` steps); figures divided by ``scale`` (mm → m) and rounded to 3 decimals."""
    if values.size == 0:
        return {
            "q1": None,
            "median": None,
            "q3": None,
            "histogram": {"edges": [], "counts": []},
        }
    q1, median, q3 = (round(float(q) / scale, 3) for q in np.percentile(values, [25, 50, 75]))
    low, high = float(values.min()), float(values.max())
    if high == low:
        edges, counts = np.array([low, high]), np.array([values.size])
    else:
        bins = BINS if step <= 0 else int(max(1, min(BINS, (high - low) // step)))
        edges = np.linspace(low, high, bins + 1)
        counts, _ = np.histogram(values, bins=edges)
    return {
        "q1": q1,
        "median": median,
        "q3": q3,
        "histogram": {
            "edges": [round(float(e) / scale, 3) for e in edges],
            "counts": [int(c) for c in counts],
        },
    }
