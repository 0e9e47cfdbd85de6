"""The designs an analysis reads: each migrated to the toolkit's version and normalized."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cocreate.design.errors import DesignError
from cocreate.design.toolkit import Toolkit


@dataclass(frozen=True)
class Item:
    """One design in an analysis: its id, the normalized design and its support (weight)."""

    id: str
    design: dict[str, Any]
    support: float = 1.0


def read_designs(toolkit: Toolkit, items: Iterable[Item]) -> tuple[list[Item], list[str]]:
    """Each design migrated to ``toolkit``'s version and normalized (``toolkit.parse``), so every
    analysis reads one shape. A design the engine refuses is skipped with one problem line
    ``"<id>: <the DesignError>"``."""
    read: list[Item] = []
    problems: list[str] = []
    for item in items:
        try:
            design = toolkit.parse(item.design)
        except DesignError as error:
            problems.append(f"{item.id}: {error}")
            continue
        read.append(Item(item.id, design, item.support))
    return read, problems


@dataclass(frozen=True)
class Sections:
    """Section designs as arrays, one row per design and one column per part type (``types``:
    the catalog's order, then types the catalog does not know, sorted). Widths in integer mm.
    ``parts_*`` hold every part of every design, in design order then left to right."""

    types: list[str]
    counts: np.ndarray  # (designs, types) parts of each type
    widths: np.ndarray  # (designs, types) total width of each type, mm
    part_design: np.ndarray  # (parts,) the row of each part's design
    part_type: np.ndarray  # (parts,) the column of each part's type


def read_sections(toolkit: Toolkit, designs: Sequence[Mapping[str, Any]]) -> Sections:
    """Normalized section designs (``read_designs``' output) as arrays: one pass in Python over
    the parts, the rest in numpy, so 100,000 designs take about a second."""
    seen: dict[str, int] = {}
    codes: list[int] = []
    widths: list[float] = []
    sizes: list[int] = []
    for design in designs:
        parts = design["parts"]
        sizes.append(len(parts))
        for part in parts:
            codes.append(seen.setdefault(part["type"], len(seen)))
            widths.append(part["width"])
    known = [t for t in toolkit.catalog if t in seen]
    types = known + sorted(set(seen) - set(known))
    column = np.zeros(max(len(seen), 1), dtype=np.int64)
    for i, name in enumerate(types):
        column[seen[name]] = i
    n, m = len(sizes), len(types)
    part_type = column[np.asarray(codes, dtype=np.int64)]
    part_design = np.repeat(np.arange(n, dtype=np.int64), np.asarray(sizes, dtype=np.int64))
    part_mm = np.rint(np.asarray(widths, dtype=np.float64) * 1000)
    cell = part_design * m + part_type
    counts = np.bincount(cell, minlength=n * m).reshape(n, m)
    total = np.rint(np.bincount(cell, weights=part_mm, minlength=n * m)).astype(np.int64)
    return Sections(types, counts, total.reshape(n, m), part_design, part_type)
