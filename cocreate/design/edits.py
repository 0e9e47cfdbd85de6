"""Pure edits of a design document, for forms, the API and the demo: each returns a NEW design.

The input is never changed (the baseline or a parent's saved design may be shared). Edits check
only what they touch (the index, the type, the width); the design as a whole is judged by
``Toolkit.evaluate``.
"""

from __future__ import annotations

import math
from typing import Any

from .errors import DesignError, describe
from .model import PartType
from .toolkit import Toolkit
from .units import to_m, to_mm

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
    if not 0 < mm <= 1_000_000:
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


# configurators -----------------------------------------------------------------------------


def _copy_config(design: object, key: str) -> tuple[Design, dict[str, Any]]:
    """A copy of a configurator design with its own ``key`` object (choices or parameters)."""
    if not isinstance(design, dict):
        raise DesignError("", f"expected a design object, got {describe(design)}")
    entries = design.get(key)
    if entries is None:
        entries = {}
    if not isinstance(entries, dict):
        raise DesignError(key, f"expected an object, got {describe(entries)}")
    copied = dict(entries)
    return {**design, key: copied}, copied


def set_choice(toolkit: Toolkit, design: object, option: str, value: str) -> Design:
    """Choose ``value`` for ``option`` (one of the option's values)."""
    entry = toolkit.options.get(option) if isinstance(option, str) else None
    if entry is None:
        raise DesignError("choices", f"{describe(option)} is not an option of {toolkit.title}")
    if not isinstance(value, str) or value not in entry.values:
        allowed = ", ".join(entry.values)
        raise DesignError(f"choices.{option}", f"{describe(value)} is not one of: {allowed}")
    new, choices = _copy_config(design, "choices")
    choices[option] = value
    return new


def set_parameter(toolkit: Toolkit, design: object, name: str, value: float) -> Design:
    """Set a numeric parameter; its bounds and step are judged by ``range`` rules."""
    entry = toolkit.parameters.get(name) if isinstance(name, str) else None
    if entry is None:
        raise DesignError("parameters", f"{describe(name)} is not a parameter of {toolkit.title}")
    if type(value) not in (int, float) or not math.isfinite(value):
        raise DesignError(f"parameters.{name}", f"expected a number, got {describe(value)}")
    new, parameters = _copy_config(design, "parameters")
    parameters[name] = int(value) if isinstance(value, float) and value.is_integer() else value
    return new
