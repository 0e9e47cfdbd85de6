"""Pure edits of a section design (insert, remove, move, resize, set variant, set type), for
forms, the API, the demo and the editor (``static/cocreate/design/section/edits.js`` is the same
in the browser; ``tests/conformance/edits.json`` holds both to it): each returns a NEW design.

The input is never changed (the baseline or a parent's saved design may be shared). Edits check
only what they touch (the index, the type, the width); the design as a whole is judged by
``Toolkit.evaluate``.
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import DesignError, describe
from ..model import PartType
from ..toolkit import Toolkit
from ..units import to_m, to_mm
from .design import MAX_MM

Design = dict[str, Any]


def _copy(design: object) -> tuple[Design, list[dict[str, Any]]]:
    """A copy of the design with its own parts list, part dicts and variant dicts."""
    if not isinstance(design, dict):
        raise DesignError("", f"expected a design object, got {describe(design)}")
    parts = design.get("parts")
    if not isinstance(parts, list) or not all(isinstance(p, dict) for p in parts):
        raise DesignError("parts", "expected an array of part objects")
    copied = []
    for part in parts:
        part = dict(part)
        if isinstance(part.get("variant"), dict):
            part["variant"] = dict(part["variant"])
        copied.append(part)
    return {**design, "parts": copied}, copied


def _index(parts: list[dict[str, Any]], index: object, *, end: bool = False) -> int:
    """A valid part index (``end`` also allows ``len(parts)``, the position after the last)."""
    last = len(parts) if end else len(parts) - 1
    if type(index) is not int or not 0 <= index <= last:
        raise DesignError(f"parts[{index}]", f"no such position: the design has {len(parts)} parts")
    return index


def _entry(toolkit: Toolkit, part_type: object) -> PartType:
    entry = toolkit.catalog.get(part_type) if isinstance(part_type, str) else None
    if entry is None:
        raise DesignError("type", f"{describe(part_type)} is not a part type of {toolkit.title}")
    return entry


def _width_m(width_m: object, path: str) -> float:
    if type(width_m) not in (int, float) or not math.isfinite(width_m):  # type: ignore[arg-type]
        raise DesignError(path, f"expected a number of metres, got {describe(width_m)}")
    mm = to_mm(width_m)  # type: ignore[arg-type]
    if not 0 < mm <= MAX_MM:
        raise DesignError(path, f"must be more than 0 m and at most 1000 m, got {width_m}")
    return to_m(mm)


def add_part(toolkit: Toolkit, design: object, part_type: str, index: int | None = None) -> Design:
    """Insert a part of ``part_type`` at its default width and variant (at the end by default)."""
    entry = _entry(toolkit, part_type)
    new, parts = _copy(design)
    at = len(parts) if index is None else _index(parts, index, end=True)
    part: dict[str, Any] = {"type": entry.type, "width": to_m(entry.default_width_mm)}
    if entry.default_variant:
        part["variant"] = dict(entry.default_variant)
    parts.insert(at, part)
    return new


def remove_part(design: object, index: int) -> Design:
    new, parts = _copy(design)
    del parts[_index(parts, index)]
    return new


def move_part(design: object, index: int, to_index: int) -> Design:
    """Move a part so that it ends up at ``to_index``."""
    new, parts = _copy(design)
    part = parts.pop(_index(parts, index))
    parts.insert(_index(parts, to_index, end=True), part)
    return new


def set_width(design: object, index: int, width_m: float) -> Design:
    """Set a part's width in metres, rounded to the millimetre."""
    new, parts = _copy(design)
    i = _index(parts, index)
    parts[i]["width"] = _width_m(width_m, f"parts[{i}].width")
    return new


def set_variant(toolkit: Toolkit, design: object, index: int, axis: str, value: str) -> Design:
    """Set one variant axis of a known part type to one of its values."""
    new, parts = _copy(design)
    i = _index(parts, index)
    entry = _entry(toolkit, parts[i].get("type"))
    values = entry.variants.get(axis)
    if values is None:
        raise DesignError(f"parts[{i}].variant", f'{entry.label} has no variant "{axis}"')
    if value not in values:
        allowed = ", ".join(values)
        raise DesignError(
            f"parts[{i}].variant.{axis}", f"{describe(value)} is not one of: {allowed}"
        )
    variant = parts[i].get("variant")
    kept = variant if isinstance(variant, dict) else {}
    parts[i]["variant"] = {**entry.default_variant, **kept, axis: value}
    return new


def set_type(toolkit: Toolkit, design: object, index: int, part_type: str) -> Design:
    """Change a part's type, keeping its width and id; the variant resets to the new default."""
    entry = _entry(toolkit, part_type)
    new, parts = _copy(design)
    i = _index(parts, index)
    part = parts[i]
    part["type"] = entry.type
    part.pop("variant", None)
    if entry.default_variant:
        part["variant"] = dict(entry.default_variant)
    return new
