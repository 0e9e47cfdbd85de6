"""Which parts of two section designs are the same part: matched in two passes.

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
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from .design import ParsedDesign


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


def _label_of(d: ParsedDesign, i: int) -> str:
    entry = d.part_types[i]
    return entry.label if entry else d.types[i]


def section_changes(da: ParsedDesign, db: ParsedDesign) -> dict[str, Any]:
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
