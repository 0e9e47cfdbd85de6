"""Comment markers laid over a proposal's section drawing: one badge per part that has visible
comments, counted from the thread the page already loaded (no query).

The stored drawing is never touched: the markers are a second SVG with the same width and a
lane of room above it, stacked over the first (see community/part_markers.html), so they line
up through ``cocreate.design.section_geometry``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cocreate.design import PartSpan, SectionGeometry, spread

LANE = 52.0  # room above the drawing for the badges, in the drawing's SVG units
BADGE_H = 30.0
BADGE_Y = -LANE + 6  # the badge's top edge
TIP_Y = 2.0  # where a badge's tail points: just above the ruler over the drawing
GAP = 8.0  # the least room between two badges
HIT = 48.0  # a badge's clickable area is at least this wide (a touch target on phones)


def _n(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True, slots=True)
class PartMarker:
    """A badge over ``part``: ``count`` visible comments, linking to the first of them."""

    part: PartSpan
    count: int
    comment_pk: int
    x: float  # the badge's centre, moved aside when a neighbour's badge is in the way
    frame_top: float
    frame_band: float

    @property
    def number(self) -> int:
        return self.part.index + 1

    @property
    def badge_w(self) -> float:
        return badge_width(self.count)

    @property
    def text(self) -> dict[str, str]:
        """Where the count is written: the middle of the bubble."""
        return {"x": _n(self.x), "y": _n(BADGE_Y + BADGE_H / 2)}

    @property
    def bubble(self) -> str:
        """A rounded box with a tail pointing down at the part's middle, as one path (so its
        outline has no seam where the tail joins)."""
        w, r, half = self.badge_w, 8.0, 6.0
        left, right = self.x - w / 2, self.x + w / 2
        top, bottom = BADGE_Y, BADGE_Y + BADGE_H
        # the tail leaves the badge as near above the part as it can, so it stays short
        foot = min(max(self.part.mid, left + r + half), right - r - half)
        return (
            f"M{_n(left + r)},{_n(top)} H{_n(right - r)} Q{_n(right)},{_n(top)} "
            f"{_n(right)},{_n(top + r)} V{_n(bottom - r)} Q{_n(right)},{_n(bottom)} "
            f"{_n(right - r)},{_n(bottom)} H{_n(foot + half)} L{_n(self.part.mid)},{_n(TIP_Y)} "
            f"L{_n(foot - half)},{_n(bottom)} H{_n(left + r)} Q{_n(left)},{_n(bottom)} "
            f"{_n(left)},{_n(bottom - r)} V{_n(top + r)} Q{_n(left)},{_n(top)} "
            f"{_n(left + r)},{_n(top)} Z"
        )

    @property
    def hit(self) -> dict[str, str]:
        """The clickable box: the badge, grown to a comfortable target."""
        w = max(self.badge_w, HIT)
        return {"x": _n(self.x - w / 2), "y": _n(-LANE), "w": _n(w), "h": _n(LANE)}

    @property
    def highlight(self) -> dict[str, str]:
        """The part's band, outlined while the marker is hovered or focused."""
        inset = 3.0
        return {
            "x": _n(self.part.x + inset),
            "y": _n(self.frame_top + inset),
            "w": _n(max(self.part.width - 2 * inset, 1.0)),
            "h": _n(self.frame_band - 2 * inset),
            "mid": _n(self.part.mid),
            "tip": _n(TIP_Y),
            "top": _n(self.frame_top),
        }


@dataclass(frozen=True, slots=True)
class MarkerOverlay:
    """The markers and the viewBox that puts them over the drawing."""

    view_box: str
    markers: list[PartMarker]


def badge_width(count: int) -> float:
    """Wide enough for the count's digits."""
    return 24.0 + 9.5 * len(str(count))


def part_markers(comments: Iterable[Any], geometry: SectionGeometry | None) -> MarkerOverlay | None:
    """Markers for the parts that have visible comments, left to right; None when there are
    none or the design has no section drawing. ``comments`` are in display order, each with
    ``anchor_index`` (its part in ``geometry``, or None), so a marker links to the first."""
    if geometry is None:
        return None
    counts: dict[int, int] = {}
    first: dict[int, int] = {}
    for comment in comments:
        index = comment.anchor_index
        if index is None or comment.hidden:
            continue
        counts[index] = counts.get(index, 0) + 1
        first.setdefault(index, comment.pk)
    if not counts:
        return None
    parts = [geometry.parts[i] for i in sorted(counts)]
    widths = [badge_width(counts[p.index]) for p in parts]
    widest = max(widths)
    xs = spread(
        [p.mid for p in parts], widest + GAP, widest / 2 + 2, geometry.width - widest / 2 - 2
    )
    frame = geometry.frame
    markers = [
        PartMarker(part, counts[part.index], first[part.index], x, frame.top, frame.band)
        for part, x in zip(parts, xs, strict=True)
    ]
    view_box = f"0 {_n(-LANE)} {geometry.width:g} {_n(geometry.height + LANE)}"
    return MarkerOverlay(view_box=view_box, markers=markers)


def anchor_index(comment: Any, geometry: SectionGeometry | None) -> int | None:
    """The part of the drawn design a comment is anchored to: by the part's id first (so the
    anchor follows its part through a migration), else by the position it was written on."""
    if comment.part_index is None:
        return None
    if geometry is None:
        return int(comment.part_index)
    part = geometry.locate(comment.part_id, comment.part_index)
    return part.index if part is not None else None
