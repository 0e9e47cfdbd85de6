"""Where each part of a section sits in its drawing, in the SVG's own coordinates.

``svg.py`` draws with these numbers, so anything laid over a stored drawing with the same
viewBox (comment markers, highlights) lines up with the parts without parsing the SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..svg import VIEW_W
from ..toolkit import Toolkit
from .toolkit import SectionToolkit


@dataclass(frozen=True, slots=True)
class Frame:
    """The vertical layout of a drawing: the parts fill ``top`` to ``top + band``."""

    top: float
    band: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.band


FULL = Frame(top=36.0, band=200.0, height=290.0)
COMPACT = Frame(top=6.0, band=140.0, height=152.0)


@dataclass(frozen=True, slots=True)
class PartSpan:
    """One part's place in the drawing: ``x`` to ``x + width`` across the band."""

    index: int
    id: str | None
    type: str
    label: str
    x: float
    width: float

    @property
    def mid(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True, slots=True)
class SectionGeometry:
    """The full (not compact) drawing's viewBox and every part's span across it."""

    width: float
    height: float
    frame: Frame
    parts: tuple[PartSpan, ...]

    def locate(self, part_id: str | None, index: int | None) -> PartSpan | None:
        """The part an anchor means: by its id when the design still has that id (ids survive
        migrations and reordering), else by its position; None when neither is in the design."""
        if part_id:
            for part in self.parts:
                if part.id == part_id:
                    return part
        if index is not None and 0 <= index < len(self.parts):
            return self.parts[index]
        return None


def scale_for(length_mm: int, total_mm: int) -> float:
    """SVG units per millimetre: the street's length, or the parts when they overflow it,
    fill the drawing's width."""
    return VIEW_W / max(length_mm, total_mm, 1)


def x_spans(widths_mm: Sequence[int], length_mm: int) -> list[tuple[float, float]]:
    """Each part's (x, width) in SVG units, laid out left to right from x = 0."""
    scale = scale_for(length_mm, sum(widths_mm))
    spans = []
    x_mm = 0
    for w in widths_mm:
        spans.append((x_mm * scale, w * scale))
        x_mm += w
    return spans


def section_geometry(toolkit: Toolkit, design: object) -> SectionGeometry | None:
    """Where each part of ``design`` is drawn by ``render_svg`` (migrated first, as it is);
    None for a configurator, whose card has no parts. Raises DesignError like ``render_svg``."""
    if not isinstance(toolkit, SectionToolkit):
        return None
    d = toolkit.read_current(design)
    parts = tuple(
        PartSpan(
            index=i,
            id=d.ids[i],
            type=d.types[i],
            label=entry.label if entry is not None else d.types[i],
            x=x,
            width=w,
        )
        for i, ((x, w), entry) in enumerate(
            zip(x_spans(d.widths, d.length_mm), d.part_types, strict=True)
        )
    )
    return SectionGeometry(width=VIEW_W, height=FULL.height, frame=FULL, parts=parts)


def spread(centers: Sequence[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions as near ``centers`` (ascending) as possible, at least ``gap`` apart and within
    ``lo``..``hi``, so markers on neighbouring narrow parts do not cover each other. When
    they cannot all fit, they are spaced evenly across the whole range instead."""
    n = len(centers)
    if n == 0:
        return []
    if (n - 1) * gap > hi - lo:
        step = (hi - lo) / (n - 1)
        return [lo + i * step for i in range(n)]
    out = []
    floor = lo
    for c in centers:
        floor = max(c, floor)
        out.append(floor)
        floor += gap
    ceiling = hi
    for i in range(n - 1, -1, -1):
        out[i] = min(out[i], ceiling)
        ceiling = out[i] - gap
    return out
