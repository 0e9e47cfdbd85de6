"""The designs an analysis reads: each migrated to the toolkit's version and normalized."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
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
    ``part_*`` hold every part of every design, in design order then left to right."""

    types: list[str]
    counts: np.ndarray  # (designs, types) parts of each type
    widths: np.ndarray  # (designs, types) total width of each type, mm
    part_design: np.ndarray  # (parts,) the row of each part's design
    part_type: np.ndarray  # (parts,) the column of each part's type


def read_sections(toolkit: Toolkit, designs: Sequence[Mapping[str, Any]]) -> Sections:
    """Normalized section designs (``read_designs``' output) as arrays: a few comprehensions
    over the parts, the rest in numpy, so 100,000 designs take about a second."""
    rows = [design["parts"] for design in designs]
    parts = list(chain.from_iterable(rows))
    names = [part["type"] for part in parts]
    present = set(names)
    known = [t for t in toolkit.catalog if t in present]
    types = known + sorted(present - set(known))
    column = {name: i for i, name in enumerate(types)}
    n, m = len(rows), len(types)
    part_type = np.array([column[name] for name in names], dtype=np.int64)
    sizes = np.fromiter(map(len, rows), dtype=np.int64, count=n)
    part_design = np.repeat(np.arange(n, dtype=np.int64), sizes)
    part_mm = np.rint(np.array([part["width"] for part in parts], dtype=np.float64) * 1000)
    cell = part_design * m + part_type
    counts = np.bincount(cell, minlength=n * m).reshape(n, m)
    total = np.rint(np.bincount(cell, weights=part_mm, minlength=n * m)).astype(np.int64)
    return Sections(types, counts, total.reshape(n, m), part_design, part_type)
