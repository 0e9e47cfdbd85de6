"""Reading a design document by hand (no jsonschema: this is the evaluation hot path).

A design is ``{"toolkit", "version"?, "length"?, "parts": [{"type", "width", "variant"?,
"id"?}]}``. Shape errors raise DesignError naming the path; content problems (unknown part
types or variant values) are kept and reported as findings, so old designs always open.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import DesignError, describe
from ..model import PartType

MAX_MM = 1_000_000  # 1 km: anything longer is a typo, not a street
MAX_PARTS = 2_000


@dataclass(slots=True)
class ParsedDesign:
    """A design as parallel lists (cheap for the checks to scan)."""

    length_mm: int
    types: list[str]
    widths: list[int]
    variants: list[dict[str, str]]
    ids: list[str | None]
    part_types: list[PartType | None]
    total_mm: int
    # (part index, axis, value) for variant values the catalog does not know
    bad_variants: list[tuple[int, str, str]] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)  # indexes of parts whose type is unknown
    version: int | None = None
    _by_id: dict[str, int] | None = None
    _starts: list[int] | None = None

    def index_of(self, part_id: str) -> int | None:
        by_id = self._by_id
        if by_id is None:
            by_id = {pid: i for i, pid in enumerate(self.ids) if pid is not None}
            self._by_id = by_id
        return by_id.get(part_id)

    def side(self, i: int) -> str:
        """Which half of the street part ``i`` stands in, counted from the left building face:
        ``left`` when it ends at or before the centre line, ``right`` when it starts at or after
        it, ``middle`` when it spans it (how findings and quick fixes name where a part is)."""
        starts = self._starts
        if starts is None:
            starts, at = [], 0
            for width in self.widths:
                starts.append(at)
                at += width
            self._starts = starts
        start, length = starts[i], self.length_mm
        if 2 * (start + self.widths[i]) <= length:
            return "left"
        return "right" if 2 * start >= length else "middle"


_EMPTY: dict[str, str] = {}


def _metres(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DesignError(path, f"expected a number of metres, got {describe(value)}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise DesignError(path, f"expected a finite number of metres, got {value}")
        mm = math.floor(max(-1.0, min(value, MAX_MM)) * 1000 + 0.5)  # clamped: no overflow
    else:
        mm = value * 1000
    if mm <= 0:
        raise DesignError(path, f"must be more than 0 m, got {value}")
    if mm > MAX_MM:
        raise DesignError(path, f"must be at most 1000 m, got {value}")
    return mm


def read_design(
    doc: dict[str, Any],
    version: int | None,
    *,
    catalog: Mapping[str, PartType],
    default_length_mm: int | None,
) -> ParsedDesign:
    """Validate the shape of a design whose header ``read_header`` checked (``version`` is
    its version) and flatten it; raises DesignError only."""
    length = doc.get("length")
    if length is None:
        if default_length_mm is None:
            raise DesignError("length", "missing, and the toolkit has no default length")
        length_mm = default_length_mm
    else:
        length_mm = _metres(length, "length")
    parts = doc.get("parts")
    if type(parts) is not list:
        raise DesignError("parts", f"expected an array of parts, got {describe(parts)}")
    if len(parts) > MAX_PARTS:
        raise DesignError("parts", f"at most {MAX_PARTS} parts, got {len(parts)}")

    n = len(parts)
    types: list[str] = [""] * n
    widths: list[int] = [0] * n
    variants: list[dict[str, str]] = [_EMPTY] * n
    ids: list[str | None] = [None] * n
    part_types: list[PartType | None] = [None] * n
    bad: list[tuple[int, str, str]] = []
    unknown: list[int] = []
    seen: dict[str, int] | None = None
    total = 0
    get_type = catalog.get
    for i in range(n):
        part = parts[i]
        if type(part) is not dict:
            raise DesignError(f"parts[{i}]", f"expected a part object, got {describe(part)}")
        t = part.get("type")
        if type(t) is not str or not t:
            raise DesignError(f"parts[{i}].type", f"expected a part type name, got {describe(t)}")
        types[i] = t
        w = part.get("width")
        if type(w) is float and 0.0 < w <= 1000.0:  # fast path for the common case
            mm = math.floor(w * 1000 + 0.5)
            if mm == 0:
                mm = _metres(w, f"parts[{i}].width")
        else:
            mm = _metres(w, f"parts[{i}].width")
        widths[i] = mm
        total += mm
        pt = get_type(t)
        part_types[i] = pt
        v = part.get("variant")
        if pt is None:
            unknown.append(i)
        if v is None:
            variants[i] = pt.default_variant if pt is not None else _EMPTY
        elif type(v) is not dict:
            raise DesignError(f"parts[{i}].variant", f"expected an object, got {describe(v)}")
        else:
            for axis, value in v.items():
                if type(value) is not str:
                    raise DesignError(
                        f"parts[{i}].variant.{axis}", f"expected a string, got {describe(value)}"
                    )
            if pt is None:
                variants[i] = v
            else:
                allowed = pt.variants
                if len(v) == len(allowed) and v.items() <= pt.variant_pairs:
                    variants[i] = v
                else:
                    merged = dict(pt.default_variant)
                    for axis, value in v.items():
                        values = allowed.get(axis)
                        if values is None or value not in values:
                            bad.append((i, axis, value))
                        merged[axis] = value
                    variants[i] = merged
        pid = part.get("id")
        if pid is not None:
            if type(pid) is not str or not pid or len(pid) > 64 or not pid.isprintable():
                raise DesignError(
                    f"parts[{i}].id", f"expected 1-64 printable characters, got {describe(pid)}"
                )
            if seen is None:
                seen = {}
            first = seen.setdefault(pid, i)
            if first != i:
                raise DesignError(f"parts[{i}].id", f'duplicate id "{pid}" (also parts[{first}])')
            ids[i] = pid
    return ParsedDesign(
        length_mm=length_mm,
        types=types,
        widths=widths,
        variants=variants,
        ids=ids,
        part_types=part_types,
        total_mm=total,
        bad_variants=bad,
        unknown=unknown,
        version=version,
    )
